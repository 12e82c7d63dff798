package io.wattward.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.Anomaly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the store writes the engine's groups and the outbox's messages: JSON (Jackson) with a format
 * number {@code v}, anomalies inside as their Avro single-object bytes (Base64), the same bytes as on
 * the anomalies topic, so a later schema version still reads them.
 */
final class StateCodec {

  static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private StateCodec() {}

  static byte[] anomaly(Anomaly a) {
    return AvroMessages.encode(Anomaly.getEncoder(), a);
  }

  static Anomaly anomaly(byte[] bytes) {
    try {
      return Anomaly.getDecoder().decode(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("a stored anomaly cannot be read", e);
    }
  }

  static String group(EngineSnapshot.GroupState g) {
    ObjectNode o = JSON.valueToTree(g);
    o.put("v", FORMAT);
    return o.toString();
  }

  static EngineSnapshot.GroupState group(String json) {
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(json);
      checkFormat(o, "group");
      o.remove("v");
      return JSON.treeToValue(o, EngineSnapshot.GroupState.class);
    } catch (IOException e) {
      throw new UncheckedIOException("a stored group cannot be read: " + json, e);
    }
  }

  static String notification(Notification n) {
    ObjectNode o = JSON.createObjectNode();
    o.put("v", FORMAT).put("id", n.id()).put("receiver", n.receiver()).put("groupKey", n.groupKey())
        .put("reason", n.reason()).put("atMs", n.atMs()).put("ackUrl", n.ackUrl());
    ObjectNode labels = o.putObject("labels");
    n.labels().forEach(labels::put);
    anomalies(o.putArray("firing"), n.firing());
    anomalies(o.putArray("resolved"), n.resolved());
    return o.toString();
  }

  static Notification notification(String json) {
    try {
      JsonNode o = JSON.readTree(json);
      checkFormat(o, "message");
      Map<String, String> labels = new LinkedHashMap<>();
      o.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      return new Notification(o.path("id").asText(), o.path("receiver").asText(), o.path("groupKey").asText(), labels,
          o.path("reason").asText(), anomalies(o.path("firing")), anomalies(o.path("resolved")),
          o.path("atMs").asLong(), o.path("ackUrl").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("a stored message cannot be read", e);
    }
  }

  private static void anomalies(ArrayNode out, List<Anomaly> list) {
    list.forEach(a -> out.add(Base64.getEncoder().encodeToString(anomaly(a))));
  }

  private static List<Anomaly> anomalies(JsonNode array) {
    List<Anomaly> out = new ArrayList<>();
    array.forEach(e -> out.add(anomaly(Base64.getDecoder().decode(e.asText()))));
    return List.copyOf(out);
  }

  private static void checkFormat(JsonNode o, String what) {
    int v = o.path("v").asInt(-1);
    if (v != FORMAT) {
      throw new IllegalStateException("a stored " + what + " has format " + v + "; this notifier reads " + FORMAT);
    }
  }
}
