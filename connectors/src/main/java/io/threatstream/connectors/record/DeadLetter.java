package io.threatstream.connectors.record;

import java.io.Serializable;

/**
 * A record the job could not process, set aside with the reason so that nothing is lost. The
 * original bytes are kept unchanged.
 */
public class DeadLetter implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Why the record was rejected, e.g. {@code "not parseable: Unexpected end-of-input at 1:17"}. */
    public String reason;

    public SourceCoordinates source;

    /** The original bytes (may be empty, never null). */
    public byte[] value;

    public DeadLetter() {}

    public DeadLetter(String reason, SourceCoordinates source, byte[] value) {
        this.reason = reason;
        this.source = source;
        this.value = value;
    }
}
