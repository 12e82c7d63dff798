package io.wattward.ingest;

/** A record's rejection: the reason class and a sentence for a person. */
public record Rejection(RejectReason reason, String detail) {}
