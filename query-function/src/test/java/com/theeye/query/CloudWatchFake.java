package com.theeye.query;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.theeye.aws.AwsClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * CloudWatch's GetMetricData and ListMetrics on a loopback port, as much of them as {@link
 * CloudWatchAccounting} uses, over the protocol the SDK speaks to CloudWatch: Smithy RPC v2 CBOR
 * ({@code POST /service/GraniteServiceVersion20100801/operation/<name>}). No emulator here speaks
 * it: moto serves CloudWatch's Query and JSON protocols only (getmoto/moto#9195), and the SDK
 * offers no other. The CBOR is read and written with the SDK's own (shaded) Jackson CBOR codec.
 * Points are put by the test as the embedded-metric-format lines would make them.
 */
final class CloudWatchFake implements AutoCloseable {

  /** One metric point: what one EMF line publishes for one metric. */
  record Point(
      String namespace, String metric, Map<String, String> dimensions, Instant at, double value) {}

  private static final CBORFactory CBOR = new CBORFactory();

  private final HttpServer server;
  private final List<Point> points = new CopyOnWriteArrayList<>();
  private final List<String> operations = new CopyOnWriteArrayList<>();

  CloudWatchFake() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  CloudWatchClient client() {
    return AwsClients.forEndpoint(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
            Duration.ofSeconds(5))
        .build(CloudWatchClient.builder());
  }

  void put(Point point) {
    points.add(point);
  }

  /** The operations asked so far, in order. */
  List<String> operations() {
    return List.copyOf(operations);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String operation = path.substring(path.lastIndexOf('/') + 1);
      operations.add(operation);
      Map<?, ?> request = (Map<?, ?>) read(exchange.getRequestBody().readAllBytes());
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try (CBORGenerator out = CBOR.createGenerator(body)) {
        switch (operation) {
          case "GetMetricData" -> metricData(request, out);
          case "ListMetrics" -> metrics(request, out);
          default -> {
            exchange.sendResponseHeaders(400, -1);
            return;
          }
        }
      }
      exchange.getResponseHeaders().add("content-type", "application/cbor");
      exchange.getResponseHeaders().add("smithy-protocol", "rpc-v2-cbor");
      exchange.sendResponseHeaders(200, body.size());
      exchange.getResponseBody().write(body.toByteArray());
    }
  }

  private void metricData(Map<?, ?> request, CBORGenerator out) throws IOException {
    Instant start = instant(request.get("StartTime"));
    Instant end = instant(request.get("EndTime"));
    out.writeStartObject();
    out.writeFieldName("MetricDataResults");
    out.writeStartArray();
    for (Object each : (List<?>) request.get("MetricDataQueries")) {
      Map<?, ?> query = (Map<?, ?>) each;
      Map<?, ?> stat = (Map<?, ?>) query.get("MetricStat");
      Map<?, ?> metric = (Map<?, ?>) stat.get("Metric");
      long period = ((Number) stat.get("Period")).longValue();
      Map<String, String> dimensions = dimensions(metric.get("Dimensions"));
      TreeMap<Long, Double> sums = new TreeMap<>();
      for (Point point : points) {
        if (point.namespace().equals(metric.get("Namespace"))
            && point.metric().equals(metric.get("MetricName"))
            && point.dimensions().equals(dimensions)
            && !point.at().isBefore(start)
            && point.at().isBefore(end)) {
          long bucket = point.at().getEpochSecond() / period * period;
          sums.merge(bucket, point.value(), Double::sum);
        }
      }
      out.writeStartObject();
      out.writeStringField("Id", (String) query.get("Id"));
      out.writeFieldName("Timestamps");
      out.writeStartArray();
      for (long bucket : sums.keySet()) {
        out.writeTag(1); // epoch-seconds date-time, as RPC v2 CBOR encodes timestamps
        out.writeNumber((double) bucket);
      }
      out.writeEndArray();
      out.writeFieldName("Values");
      out.writeStartArray();
      for (double sum : sums.values()) {
        out.writeNumber(sum);
      }
      out.writeEndArray();
      out.writeStringField("StatusCode", "Complete");
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private void metrics(Map<?, ?> request, CBORGenerator out) throws IOException {
    List<Map<String, String>> found = new ArrayList<>();
    for (Point point : points) {
      if (!point.namespace().equals(request.get("Namespace"))
          || !point.metric().equals(request.get("MetricName"))
          || found.contains(point.dimensions())) {
        continue;
      }
      boolean matches = true;
      for (Object each : (List<?>) request.get("Dimensions")) {
        Map<?, ?> filter = (Map<?, ?>) each;
        String value = point.dimensions().get((String) filter.get("Name"));
        matches &=
            value != null && (filter.get("Value") == null || value.equals(filter.get("Value")));
      }
      if (matches) {
        found.add(point.dimensions());
      }
    }
    out.writeStartObject();
    out.writeFieldName("Metrics");
    out.writeStartArray();
    for (Map<String, String> dimensions : found) {
      out.writeStartObject();
      out.writeStringField("Namespace", (String) request.get("Namespace"));
      out.writeStringField("MetricName", (String) request.get("MetricName"));
      out.writeFieldName("Dimensions");
      out.writeStartArray();
      for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
        out.writeStartObject();
        out.writeStringField("Name", dimension.getKey());
        out.writeStringField("Value", dimension.getValue());
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static Map<String, String> dimensions(Object list) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    if (list != null) {
      for (Object each : (List<?>) list) {
        Map<?, ?> dimension = (Map<?, ?>) each;
        dimensions.put((String) dimension.get("Name"), (String) dimension.get("Value"));
      }
    }
    return dimensions;
  }

  private static Instant instant(Object epochSeconds) {
    double seconds = ((Number) Objects.requireNonNull(epochSeconds, "a time")).doubleValue();
    return Instant.ofEpochMilli(Math.round(seconds * 1000));
  }

  private static Object read(byte[] bytes) throws IOException {
    if (bytes.length == 0) {
      return Map.of();
    }
    try (JsonParser parser = CBOR.createParser(bytes)) {
      parser.nextToken();
      return value(parser);
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          map.put(name, value(parser));
        }
        yield map;
      }
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser));
        }
        yield list;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> null;
    };
  }
}
