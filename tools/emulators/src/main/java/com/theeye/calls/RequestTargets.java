package com.theeye.calls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.SdkRequest;

/**
 * The resources an SDK request names, read through the request's own member names (the model's
 * {@code getValueForField}), so one reader serves every service: what IAM authorizes a call on is
 * named by these members.
 */
final class RequestTargets {

  /** Members that name the resource of the whole request. */
  private static final List<String> NAMES =
      List.of("TableName", "IndexName", "QueueUrl", "QueueName", "SecretId", "StreamArn");

  private RequestTargets() {}

  static List<Map<String, String>> of(SdkRequest request) {
    List<Map<String, String>> targets = new ArrayList<>();
    Map<String, String> whole = new LinkedHashMap<>();
    for (String member : NAMES) {
      request.getValueForField(member, String.class).ifPresent(value -> whole.put(member, value));
    }
    if (!whole.isEmpty()) {
      targets.add(whole);
    }
    // BatchGetItem, BatchWriteItem: one entry per table.
    request
        .getValueForField("RequestItems", Map.class)
        .ifPresent(
            items ->
                items.keySet().forEach(t -> targets.add(Map.of("TableName", String.valueOf(t)))));
    // TransactWriteItems, TransactGetItems: each item is one of Put, Update, Delete,
    // ConditionCheck, Get, and names its own table.
    request
        .getValueForField("TransactItems", List.class)
        .ifPresent(items -> items.forEach(item -> transactPart(item).ifPresent(targets::add)));
    return targets;
  }

  private static Optional<Map<String, String>> transactPart(Object item) {
    if (!(item instanceof SdkPojo pojo)) {
      return Optional.empty();
    }
    for (SdkField<?> field : pojo.sdkFields()) {
      if (field.getValueOrDefault(pojo) instanceof SdkPojo part) {
        Optional<String> table = member(part, "TableName");
        if (table.isPresent()) {
          return Optional.of(Map.of("TableName", table.get(), "TransactPart", field.memberName()));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> member(SdkPojo pojo, String name) {
    return pojo.sdkFields().stream()
        .filter(field -> field.memberName().equals(name))
        .map(field -> field.getValueOrDefault(pojo))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .findFirst();
  }
}
