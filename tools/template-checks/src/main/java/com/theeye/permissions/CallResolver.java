package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.calls.RecordedCall;
import com.theeye.store.TableNames;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a function's recorded call into the IAM actions and resources it needs, following the code
 * from the name a call used to the template's resource:
 *
 * <ul>
 *   <li>a table name is one of {@link TableNames}' (tests and the local runner name their tables
 *       through {@code TableNames.withPrefix}); its component ({@code invalidEvents}) reaches the
 *       function through the variable of the same name ({@code INVALID_EVENTS_TABLE}), and the
 *       template sets that variable to {@code !Ref} of the table;
 *   <li>a table's stream ({@code arn:...:table/<name>/stream/<label>}) is reached through the
 *       function's {@code <COMPONENT>_STREAM_ARN} variable, which the template sets to {@code
 *       !GetAtt <Table>.StreamArn};
 *   <li>a queue is the one the function's {@code *_QUEUE_URL} variable names, a secret the one its
 *       {@code *_SECRET_ARN} variable names: a function reaches no queue or secret otherwise.
 * </ul>
 *
 * Operations map to IAM actions as the services document: an SQS batch operation is authorized as
 * its single-message action; each item of a DynamoDB transaction as the operation it performs.
 */
final class CallResolver {

  /**
   * "You cannot set permissions explicitly for SendMessageBatch, DeleteMessageBatch, or
   * ChangeMessageVisibilityBatch. Instead, setting permissions for SendMessage, DeleteMessage, or
   * ChangeMessageVisibility sets permissions for the corresponding batch versions of the actions."
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-batch-api.html)
   */
  private static final Map<String, String> SQS_BATCHES =
      Map.of(
          "SendMessageBatch", "SendMessage",
          "DeleteMessageBatch", "DeleteMessage",
          "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

  /**
   * "Permissions for Put, Update, Delete, and Get actions are governed by the permissions used for
   * the underlying PutItem, UpdateItem, DeleteItem, and GetItem operations. For the ConditionCheck
   * action, you can use the dynamodb:ConditionCheckItem permission"
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
   */
  private static final Map<String, String> TRANSACTION_PARTS =
      Map.of(
          "Put", "PutItem",
          "Update", "UpdateItem",
          "Delete", "DeleteItem",
          "ConditionCheck", "ConditionCheckItem",
          "Get", "GetItem");

  private final DeployedNames names;

  CallResolver(DeployedNames names) {
    this.names = names;
  }

  /**
   * @throws IllegalArgumentException naming the call and what could not be followed
   */
  List<Need> needs(DeployedFunction function, RecordedCall call) {
    String service = call.service().toLowerCase(Locale.ROOT);
    return switch (service) {
      case "dynamodb" -> dynamoDb(function, call);
      case "dynamodbstreams" -> streams(function, call);
      case "sqs" ->
          single(
              function,
              call,
              "sqs",
              SQS_BATCHES.getOrDefault(call.operation(), call.operation()),
              "QueueUrl",
              "_QUEUE_URL");
      case "secretsmanager" ->
          single(function, call, "secretsmanager", call.operation(), "SecretId", "_SECRET_ARN");
      // CloudWatch's reads (GetMetricData, ListMetrics) take no resource ("Actions, resources, and
      // condition keys for Amazon CloudWatch", Service Authorization Reference): only "*" grants
      // them.
      case "cloudwatch", "monitoring" ->
          List.of(new Need("cloudwatch:" + call.operation(), "*", "*", ""));
      default ->
          throw new IllegalArgumentException(
              "a call to "
                  + call.service()
                  + " ("
                  + call.operation()
                  + "): the check maps DynamoDB (and its Streams), SQS, Secrets Manager and CloudWatch"
                  + " calls to IAM; teach"
                  + " CallResolver this service");
    };
  }

  private List<Need> dynamoDb(DeployedFunction function, RecordedCall call) {
    if (call.targets().isEmpty()) {
      return List.of(new Need("dynamodb:" + call.operation(), "*", "*", ""));
    }
    List<Need> needs = new ArrayList<>();
    for (Map<String, String> target : call.targets()) {
      String table = target.get("TableName");
      if (table == null) {
        throw new IllegalArgumentException(call.operation() + " names no table: " + target);
      }
      String logicalId = tableOf(function, table);
      String arn = names.getAtt(logicalId, "Arn");
      String label = logicalId;
      if (target.containsKey("IndexName")) {
        arn += "/index/" + target.get("IndexName");
        label += "/index/" + target.get("IndexName");
      }
      String operation =
          target.containsKey("TransactPart")
              ? TRANSACTION_PARTS.get(target.get("TransactPart"))
              : call.operation();
      needs.add(new Need("dynamodb:" + operation, arn, label, table));
    }
    return needs;
  }

  /**
   * A DynamoDB Streams call: its IAM actions are DynamoDB's ({@code dynamodb:GetRecords}), on the
   * stream's ARN ("Using identity-based policies with DynamoDB Streams", DynamoDB developer guide).
   * GetRecords names no stream, only a shard iterator, which is opaque: it needs the action on
   * every stream the function's environment names.
   */
  private List<Need> streams(DeployedFunction function, RecordedCall call) {
    String action = "dynamodb:" + call.operation();
    List<String> variables =
        function.environment().keySet().stream().filter(v -> v.endsWith("_STREAM_ARN")).toList();
    List<Need> needs = new ArrayList<>();
    if (call.targets().isEmpty()) {
      for (String variable : variables) {
        String logicalId = streamOf(function, variable);
        needs.add(new Need(action, names.getAtt(logicalId, "StreamArn"), logicalId, "*"));
      }
      if (needs.isEmpty()) {
        needs.add(new Need(action, "*", "*", ""));
      }
      return needs;
    }
    for (Map<String, String> target : call.targets()) {
      String arn = target.get("StreamArn");
      int table = arn == null ? -1 : arn.indexOf(":table/");
      int stream = arn == null ? -1 : arn.indexOf("/stream/");
      if (table < 0 || stream < table) {
        throw new IllegalArgumentException(
            call.operation() + " names no table's stream: " + target);
      }
      String component = component(arn.substring(table + ":table/".length(), stream));
      String variable =
          component.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_STREAM_ARN";
      if (!variables.contains(variable)) {
        throw new IllegalArgumentException(
            function.name()
                + " reads the stream "
                + arn
                + " (TableNames."
                + component
                + "), but the template gives it no "
                + variable);
      }
      String logicalId = streamOf(function, variable);
      needs.add(new Need(action, names.getAtt(logicalId, "StreamArn"), logicalId, arn));
    }
    return needs;
  }

  /** The table whose stream a function's {@code *_STREAM_ARN} variable names. */
  private static String streamOf(DeployedFunction function, String variable) {
    JsonNode getAtt = function.environment().get(variable).path("Fn::GetAtt");
    // !GetAtt A.B is ["A", "B"] in JSON templates and "A.B" in YAML's short form.
    List<String> parts =
        getAtt.isTextual()
            ? List.of(getAtt.asText().split("\\.", 2))
            : List.of(getAtt.path(0).asText(""), getAtt.path(1).asText(""));
    if (parts.size() != 2 || parts.get(0).isEmpty() || !parts.get(1).equals("StreamArn")) {
      throw new IllegalArgumentException(
          variable
              + " of "
              + function.logicalId()
              + " is "
              + function.environment().get(variable)
              + ", not !GetAtt of a StreamArn");
    }
    return parts.get(0);
  }

  private List<Need> single(
      DeployedFunction function,
      RecordedCall call,
      String prefix,
      String operation,
      String member,
      String variableSuffix) {
    Optional<String> named =
        call.targets().stream().map(t -> t.get(member)).filter(v -> v != null).findFirst();
    if (named.isEmpty()) {
      return List.of(new Need(prefix + ":" + operation, "*", "*", ""));
    }
    List<String> variables =
        function.environment().keySet().stream().filter(v -> v.endsWith(variableSuffix)).toList();
    if (variables.size() != 1) {
      throw new IllegalArgumentException(
          function.name()
              + " calls "
              + call.operation()
              + " on "
              + named.get()
              + ", but its template environment has "
              + (variables.isEmpty()
                  ? "no *" + variableSuffix + " variable"
                  : "several: " + variables)
              + " to tell which resource that is");
    }
    String logicalId = referenced(function, variables.getFirst());
    String arn =
        names.type(logicalId).equals("AWS::SQS::Queue")
            ? names.getAtt(logicalId, "Arn")
            : names.ref(logicalId);
    return List.of(new Need(prefix + ":" + operation, arn, logicalId, named.get()));
  }

  /** The table a function's call reached, from the name it used. */
  private String tableOf(DeployedFunction function, String tableName) {
    String component = component(tableName);
    String variable =
        component.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "_TABLE";
    if (!function.environment().containsKey(variable)) {
      throw new IllegalArgumentException(
          function.name()
              + " calls table "
              + tableName
              + " (TableNames."
              + component
              + "), but the template gives it no "
              + variable);
    }
    String logicalId = referenced(function, variable);
    if (!names.type(logicalId).equals("AWS::DynamoDB::Table")) {
      throw new IllegalArgumentException(
          variable + " of " + function.logicalId() + " names " + logicalId + ", not a table");
    }
    return logicalId;
  }

  /**
   * The {@link TableNames} component a table name belongs to: the longest of their suffixes ({@code
   * -invalid-events} over {@code -events}) it ends with.
   */
  static String component(String tableName) {
    TableNames suffixes = TableNames.withPrefix("");
    String best = null;
    int bestLength = -1;
    for (RecordComponent component : TableNames.class.getRecordComponents()) {
      String suffix;
      try {
        suffix = (String) component.getAccessor().invoke(suffixes);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read TableNames." + component.getName(), e);
      }
      if (tableName.endsWith(suffix)
          && tableName.length() > suffix.length()
          && suffix.length() > bestLength) {
        best = component.getName();
        bestLength = suffix.length();
      }
    }
    if (best == null) {
      throw new IllegalArgumentException(
          "table "
              + tableName
              + " is not named by TableNames.withPrefix, so the check cannot tell which of the template's tables it is");
    }
    return best;
  }

  private String referenced(DeployedFunction function, String variable) {
    JsonNode value = function.environment().get(variable);
    if (!value.isObject() || !value.has("Ref")) {
      throw new IllegalArgumentException(
          variable + " of " + function.logicalId() + " is " + value + ", not !Ref of a resource");
    }
    return value.get("Ref").asText();
  }
}
