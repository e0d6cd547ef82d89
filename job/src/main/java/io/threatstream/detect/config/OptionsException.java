package io.threatstream.detect.config;

/** A bad command line or configuration: the message is one line that names the option. */
public class OptionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OptionsException(String message) {
        super(message);
    }
}
