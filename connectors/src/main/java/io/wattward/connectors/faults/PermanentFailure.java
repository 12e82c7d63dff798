package io.wattward.connectors.faults;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A failure that restarting cannot cure (a missing table, a column mismatch, a refused login): Flink
 * stops the job instead of restarting it, and the command prints this message, which says what is
 * wrong and what to do.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class PermanentFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PermanentFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
