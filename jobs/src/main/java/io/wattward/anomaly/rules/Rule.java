package io.wattward.anomaly.rules;

import java.io.Serializable;

/**
 * A facility engineer's rule: an EPL statement over {@code NodeWindow} and {@code Environment} events
 * whose every output row is a match. It must select {@code nodeId}; it may select {@code value},
 * {@code expected}, {@code building}, {@code energyType} and {@code detail}.
 */
public record Rule(String name, String severity, String description, String epl) implements Serializable {}
