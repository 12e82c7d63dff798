package io.wattward.connectors.kafka;

import java.io.Serializable;
import java.util.List;

/**
 * The data topics a job reads under its own consumer group (control topics such as the topology or
 * the rules are read whole at every start and are not listed): what tells how far a run has got.
 */
public record ConsumedTopics(String group, List<String> topics) implements Serializable {
  public ConsumedTopics {
    topics = List.copyOf(topics);
  }
}
