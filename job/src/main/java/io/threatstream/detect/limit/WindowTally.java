package io.threatstream.detect.limit;

/**
 * The {@link AlertLimiter}'s keyed state for one open window of one host. Internal to the limiter;
 * public only because Flink's POJO serializer needs it.
 */
public class WindowTally {

    /** Matches counted in the window so far (alerted and suppressed). */
    public long matches;

    /** The ECS field the host key came from, as the window's first match said. */
    public String hostKeyField;

    /**
     * Processing time of this window's pending safety timer: while open, when to close it without
     * the watermark; once closed early, when to forget it.
     */
    public long processingDeadline;

    /**
     * True once the safety timer has closed the window and emitted its summary; the entry stays
     * until the watermark passes (or a second idle timeout) so later matches for it count as late
     * instead of reopening it, and its summary is never emitted twice.
     */
    public boolean closedEarly;

    public WindowTally() {}

    WindowTally(String hostKeyField, long processingDeadline) {
        this.hostKeyField = hostKeyField;
        this.processingDeadline = processingDeadline;
    }
}
