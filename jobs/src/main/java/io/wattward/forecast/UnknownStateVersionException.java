package io.wattward.forecast;

import java.io.IOException;

/** A stored object in a format version this build does not read (written by a newer or foreign build). */
public final class UnknownStateVersionException extends IOException {

  private final String type;
  private final int version;
  private final int newest;

  public UnknownStateVersionException(String type, int version, int newest) {
    super(type + " was stored in format version " + version + "; this build reads versions 1 to " + newest);
    this.type = type;
    this.version = version;
    this.newest = newest;
  }

  public String type() {
    return type;
  }

  public int version() {
    return version;
  }

  public int newest() {
    return newest;
  }
}
