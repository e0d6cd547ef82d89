package io.threatstream.connectors.record;

import java.io.Serializable;

/**
 * One record as a source delivered it: the original bytes, untouched, and where they came from.
 * Sources never parse; the detect step decides what the bytes mean.
 */
public class RawRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The record's bytes exactly as read (for files: one line without its line terminator). */
    public byte[] value;

    public SourceCoordinates source;

    public RawRecord() {}

    public RawRecord(byte[] value, SourceCoordinates source) {
        this.value = value;
        this.source = source;
    }
}
