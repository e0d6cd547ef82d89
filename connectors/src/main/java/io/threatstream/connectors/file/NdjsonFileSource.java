package io.threatstream.connectors.file;

import io.threatstream.connectors.record.RawRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of the lines of NDJSON files, each as a {@link RawRecord}: the line's bytes
 * exactly as in the file and {@code SourceCoordinates.file(path, lineNumber)}.
 *
 * <pre>{@code
 * NdjsonFileSource source = NdjsonFileSource.of(Path.of("events.ndjson"));
 * DataStream<RawRecord> records =
 *         env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").uid("events-source");
 * }</pre>
 *
 * <h2>Lines</h2>
 *
 * <ul>
 *   <li>Lines end at {@code '\n'}; one {@code '\r'} right before it (or before the end of the file)
 *       is dropped. Nothing else is changed or decoded: invalid UTF-8 and NUL bytes pass through as
 *       they are.
 *   <li>Empty lines are records with an empty value, so the job can dead-letter them instead of
 *       losing them silently. A line feed at the end of the file does not start an extra line.
 *   <li>Line numbers are 1-based. The path in the coordinates is the file's absolute, normalized
 *       path as resolved when the source was built.
 *   <li>A line longer than {@link NdjsonFileSourceBuilder#setMaxLineBytes max line bytes} (default
 *       16 MiB) is emitted as its first max-line-bytes bytes and counted in the reader metric
 *       {@code numTruncatedLines}. Such a record is incomplete; the job should reject records of
 *       that size as too large (keep its record size limit below this cap).
 * </ul>
 *
 * <h2>Files</h2>
 *
 * A path may name a file or a directory; a directory stands for its regular files (not
 * recursively), sorted by name. Paths are resolved and checked when the source is built, so a
 * missing or unreadable path fails the job at start with a message naming it; a file named twice is
 * read once. The files must be readable at the same paths on the task managers, and must not change
 * while the job runs (a restore resumes at a byte offset).
 *
 * <h2>Why its own FLIP-27 source and not {@code FileSource} with a {@code BulkFormat}</h2>
 *
 * {@code FileSource} checkpoints a split as (byte offset, records to skip after it). That position
 * says nothing about line numbers, so a restored {@code BulkFormat} reader would have to rescan the
 * file up to the offset to number lines again, or misuse "records to skip" to carry the line
 * number. Here a split is one file and its checkpoint is exactly (path, offset of the next line,
 * number of the next line): a restore seeks and continues with the right numbers, in constant time.
 * The price is three small classes (split, enumerator, reader) and their serializers; the general
 * machinery of {@code FileSource} (split discovery, file system abstraction, compression) is not
 * needed for replaying local exports.
 *
 * <h2>Checkpoints</h2>
 *
 * Readers checkpoint the next unread line of their current file and their not yet started files;
 * the enumerator checkpoints the files not yet handed out. A restore replays from exactly the next
 * line, so together with an exactly-once sink every line is processed once.
 */
public final class NdjsonFileSource
        implements Source<RawRecord, NdjsonFileSplit, Collection<NdjsonFileSplit>>,
                ResultTypeQueryable<RawRecord> {
    private static final long serialVersionUID = 1L;

    /** Default cap on a line's length: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final List<String> files;
    private final int maxLineBytes;

    NdjsonFileSource(List<String> files, int maxLineBytes) {
        this.files = List.copyOf(files);
        this.maxLineBytes = maxLineBytes;
    }

    /** A source over the given files and directories with default settings. */
    public static NdjsonFileSource of(Path... paths) {
        return builder().setPaths(paths).build();
    }

    public static NdjsonFileSourceBuilder builder() {
        return new NdjsonFileSourceBuilder();
    }

    /** The input files as resolved at build time (absolute, normalized), in reading order. */
    public List<String> files() {
        return files;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<NdjsonFileSplit, Collection<NdjsonFileSplit>> createEnumerator(
            SplitEnumeratorContext<NdjsonFileSplit> context) {
        List<NdjsonFileSplit> splits = new ArrayList<>(files.size());
        for (String file : files) {
            splits.add(NdjsonFileSplit.fromStart(file));
        }
        return new NdjsonSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<NdjsonFileSplit, Collection<NdjsonFileSplit>> restoreEnumerator(
            SplitEnumeratorContext<NdjsonFileSplit> context,
            Collection<NdjsonFileSplit> checkpoint) {
        return new NdjsonSplitEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<NdjsonFileSplit> getSplitSerializer() {
        return NdjsonFileSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<Collection<NdjsonFileSplit>>
            getEnumeratorCheckpointSerializer() {
        return PendingSplitsSerializer.INSTANCE;
    }

    @Override
    public SourceReader<RawRecord, NdjsonFileSplit> createReader(SourceReaderContext context) {
        return new NdjsonSourceReader(context, maxLineBytes);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
