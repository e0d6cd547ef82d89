package io.threatstream.detect.alert;

/**
 * An alert document could not be built, e.g. because the matching event's bytes are not a JSON
 * object. The message says why; the caller dead-letters the record with it.
 */
public class AlertBuildException extends Exception {
    private static final long serialVersionUID = 1L;

    public AlertBuildException(String message) {
        super(message);
    }

    public AlertBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
