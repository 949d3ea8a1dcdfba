package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One Lambda function of the translated template, as the check needs it.
 *
 * @param name what reports call it: the last segment of its handler's package ({@code processor})
 * @param logicalId its resource ({@code ProcessorFunction})
 * @param codePackage its handler's package ({@code com.theeye.processor}): calls made from code in
 *     it are this function's
 * @param environment its environment variables as the template sets them (intrinsics unevaluated)
 * @param permissions what its role may do
 */
record DeployedFunction(
    String name,
    String logicalId,
    String codePackage,
    Map<String, JsonNode> environment,
    RolePermissions permissions) {

  DeployedFunction {
    environment = Map.copyOf(environment);
  }
}
