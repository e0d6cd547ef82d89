package io.threatstream.detect.event;

/** Thrown by {@link EventDocumentParser} when a record is not an acceptable event. */
public final class RecordRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RecordRejection rejection;

    public RecordRejectedException(RecordRejection rejection) {
        // No stack trace: it reports bad input, not a fault in the code.
        super(rejection.toString(), null, false, false);
        this.rejection = rejection;
    }

    /** Why the record was rejected. */
    public RecordRejection rejection() {
        return rejection;
    }
}
