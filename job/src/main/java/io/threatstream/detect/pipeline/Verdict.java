package io.threatstream.detect.pipeline;

/** What the detect step decided about one record. */
public enum Verdict {
    /** The record could not be read as an event; it goes to the dead-letter output. */
    REJECTED,
    /** The rule does not match. */
    NO_MATCH,
    /** The rule matches but one of its exceptions does: dropped and counted. */
    EXCEPTED,
    /** The rule matches: an alert candidate. */
    MATCH
}
