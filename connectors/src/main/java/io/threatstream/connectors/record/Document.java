package io.threatstream.connectors.record;

import java.io.Serializable;

/**
 * A JSON document ready for a sink: its deterministic id (Elasticsearch {@code _id}) and its UTF-8
 * JSON source. Sinks write {@link #json} as is; Elasticsearch sinks also use {@link #id}.
 */
public class Document implements Serializable {
    private static final long serialVersionUID = 1L;

    public String id;

    /** UTF-8 JSON, one object, no trailing newline. */
    public byte[] json;

    public Document() {}

    public Document(String id, byte[] json) {
        this.id = id;
        this.json = json;
    }
}
