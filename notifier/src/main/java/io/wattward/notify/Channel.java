package io.wattward.notify;

/** A way to reach people. {@link #send} throws on failure (the dispatcher retries); returns what to log. */
public interface Channel {

  String name();

  String send(Notification n) throws Exception;
}
