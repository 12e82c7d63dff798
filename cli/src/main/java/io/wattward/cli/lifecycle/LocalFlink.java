package io.wattward.cli.lifecycle;

import java.util.concurrent.TimeUnit;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/**
 * A Flink MiniCluster in this process with its REST endpoint on 127.0.0.1 (a free port): the embedded
 * default. Everything else talks to it as it would to a Flink cluster, through the REST API.
 */
public final class LocalFlink implements AutoCloseable {

  private final MiniCluster cluster;
  private final String restUrl;

  private LocalFlink(MiniCluster cluster, String restUrl) {
    this.cluster = cluster;
    this.restUrl = restUrl;
  }

  static LocalFlink start(int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    String rest = cluster.getRestAddress().get(1, TimeUnit.MINUTES).toString();
    return new LocalFlink(cluster, rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest);
  }

  String restUrl() {
    return restUrl;
  }

  /** A REST client of this cluster, as `wattward savepoint` or a remote cluster would use. */
  RestClusterClient<StandaloneClusterId> client() throws Exception {
    return client(restUrl);
  }

  public static RestClusterClient<StandaloneClusterId> client(String restUrl) throws Exception {
    java.net.URI uri = java.net.URI.create(restUrl);
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, uri.getHost());
    conf.set(RestOptions.PORT, uri.getPort());
    return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
  }

  /** Whether a task executor is still there to run tasks (a fatal error shuts it down for good). */
  boolean hasTaskManager() throws Exception {
    return cluster.requestClusterOverview().get(1, TimeUnit.MINUTES).getNumTaskManagersConnected() > 0;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
