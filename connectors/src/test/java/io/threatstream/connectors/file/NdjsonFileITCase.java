package io.threatstream.connectors.file;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.threatstream.connectors.record.DeadLetter;
import io.threatstream.connectors.record.RawRecord;
import io.threatstream.connectors.record.SourceCoordinates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files through {@link NdjsonFileSource} and back out through {@link NdjsonFileSink} on a
 * MiniCluster.
 */
class NdjsonFileITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(smallTaskManager())
                            .build());

    private static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** "path:line", a tab, then the record's bytes unchanged. */
    private static final LineEncoder<RawRecord> RECORD_LINE =
            record -> {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                line.writeBytes((record.source + "\t").getBytes(UTF_8));
                line.writeBytes(record.value);
                return line.toByteArray();
            };

    @TempDir Path dir;

    @Test
    void replaysFilesLineForLineWithTheirCoordinates() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        List<String> expected = new ArrayList<>();
        expected.addAll(
                writeLines(in.resolve("a.ndjson"), "\r\n", true, "{\"n\":1}", "", "{\"n\":2}"));
        expected.addAll(
                writeLines(
                        in.resolve("b.ndjson"),
                        "\n",
                        false,
                        "{\"bad\":\"\u00c3\u0028\u00ff\"}",
                        "{\"nul\":\"\u0000\"}",
                        "",
                        "   ",
                        "last without line feed"));
        expected.addAll(writeLines(in.resolve("c.ndjson"), "\n", true, numbered(5_000)));
        Path records = dir.resolve("out/records.ndjson");
        Path deadLetters = dir.resolve("out/dead-letters.ndjson");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        SingleOutputStreamOperator<RawRecord> nonEmpty =
                env.fromSource(NdjsonFileSource.of(in), WatermarkStrategy.noWatermarks(), "ndjson")
                        .uid("ndjson-source")
                        .process(new DeadLetterEmptyRecords())
                        .uid("empty-records");
        LineSinks.writeTo(
                nonEmpty, NdjsonFileSink.of(records, RECORD_LINE), "records", "records-sink");
        LineSinks.writeTo(
                nonEmpty.getSideOutput(DEAD_LETTERS),
                NdjsonFileSink.of(deadLetters, LineEncoder.deadLetters()),
                "dead-letters",
                "dead-letters-sink");
        env.execute("replay");

        List<String> expectedRecords = new ArrayList<>(expected);
        expectedRecords.removeIf(line -> line.endsWith("\t"));
        assertThat(sortedLines(records)).isEqualTo(sorted(expectedRecords));
        assertThat(sortedLines(deadLetters))
                .containsExactly(
                        deadLetterJson(in.resolve("a.ndjson"), 2),
                        deadLetterJson(in.resolve("b.ndjson"), 3));
    }

    /**
     * One reader stops after 1,000 lines until a checkpoint taken at that point has completed,
     * reads a few more lines and fails. The job restores from the checkpoint: the reader resumes
     * mid-file and the sink cuts off what it wrote after the checkpoint, so the output is exactly
     * the input.
     */
    @Test
    void recoversFromAFailureWithoutLosingOrRepeatingALine() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        List<String> expected = new ArrayList<>();
        expected.addAll(writeLines(in.resolve("a.ndjson"), "\n", true, numbered(3_000)));
        expected.addAll(writeLines(in.resolve("b.ndjson"), "\r\n", false, numbered(3_000)));
        Path records = dir.resolve("records.ndjson");
        FailOnceAfterCheckpointSource.reset();

        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(10));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(20);
        DataStream<RawRecord> lines =
                env.fromSource(
                                new FailOnceAfterCheckpointSource(NdjsonFileSource.of(in), 1_000),
                                WatermarkStrategy.noWatermarks(),
                                "ndjson")
                        .uid("ndjson-source");
        LineSinks.writeTo(
                lines, NdjsonFileSink.of(records, RECORD_LINE), "records", "records-sink");
        env.execute("replay with failure");

        assertThat(FailOnceAfterCheckpointSource.FAILED).as("the failure was injected").isTrue();
        assertThat(FailOnceAfterCheckpointSource.RESUMED_MID_FILE)
                .as("a reader resumed mid-file")
                .isTrue();
        assertThat(sortedLines(records)).isEqualTo(sorted(expected));
    }

    /** The job's treatment of empty lines: a dead letter instead of silence. */
    private static final class DeadLetterEmptyRecords
            extends ProcessFunction<RawRecord, RawRecord> {
        @Override
        public void processElement(RawRecord record, Context context, Collector<RawRecord> out) {
            if (record.value.length == 0) {
                context.output(
                        DEAD_LETTERS, new DeadLetter("empty record", record.source, record.value));
            } else {
                out.collect(record);
            }
        }
    }

    /**
     * Wraps the NDJSON source. The first reader to emit {@code stopAfter} records stops until the
     * checkpoint it takes next has completed, then emits a few more and fails, once per test.
     */
    private static final class FailOnceAfterCheckpointSource
            implements Source<RawRecord, NdjsonFileSplit, Collection<NdjsonFileSplit>>,
                    ResultTypeQueryable<RawRecord> {
        static final AtomicBoolean STOPPED = new AtomicBoolean();
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicBoolean RESUMED_MID_FILE = new AtomicBoolean();

        private final NdjsonFileSource source;
        private final int stopAfter;

        FailOnceAfterCheckpointSource(NdjsonFileSource source, int stopAfter) {
            this.source = source;
            this.stopAfter = stopAfter;
        }

        static void reset() {
            STOPPED.set(false);
            FAILED.set(false);
            RESUMED_MID_FILE.set(false);
        }

        @Override
        public Boundedness getBoundedness() {
            return source.getBoundedness();
        }

        @Override
        public SplitEnumerator<NdjsonFileSplit, Collection<NdjsonFileSplit>> createEnumerator(
                SplitEnumeratorContext<NdjsonFileSplit> context) {
            return source.createEnumerator(context);
        }

        @Override
        public SplitEnumerator<NdjsonFileSplit, Collection<NdjsonFileSplit>> restoreEnumerator(
                SplitEnumeratorContext<NdjsonFileSplit> context,
                Collection<NdjsonFileSplit> checkpoint) {
            return source.restoreEnumerator(context, checkpoint);
        }

        @Override
        public SimpleVersionedSerializer<NdjsonFileSplit> getSplitSerializer() {
            return source.getSplitSerializer();
        }

        @Override
        public SimpleVersionedSerializer<Collection<NdjsonFileSplit>>
                getEnumeratorCheckpointSerializer() {
            return source.getEnumeratorCheckpointSerializer();
        }

        @Override
        public SourceReader<RawRecord, NdjsonFileSplit> createReader(SourceReaderContext context) {
            return new Reader(source.createReader(context), stopAfter);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return source.getProducedType();
        }

        private static final class Reader implements SourceReader<RawRecord, NdjsonFileSplit> {
            private static final int RECORDS_AFTER_RESUME = 50;

            private final SourceReader<RawRecord, NdjsonFileSplit> reader;
            private final int stopAfter;
            private int emitted;
            private boolean stopped;
            private long checkpointWhileStopped = -1;
            private int emittedAfterResume = -1;
            private final CompletableFuture<Void> resumed = new CompletableFuture<>();

            Reader(SourceReader<RawRecord, NdjsonFileSplit> reader, int stopAfter) {
                this.reader = reader;
                this.stopAfter = stopAfter;
            }

            @Override
            public void start() {
                reader.start();
            }

            @Override
            public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
                if (stopped) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                if (emittedAfterResume == RECORDS_AFTER_RESUME) {
                    FAILED.set(true);
                    throw new IOException("Injected failure after a completed checkpoint");
                }
                InputStatus status = reader.pollNext(output);
                if (status == InputStatus.MORE_AVAILABLE) { // the NDJSON reader emitted one record
                    emitted++;
                    if (emittedAfterResume >= 0) {
                        emittedAfterResume++;
                    }
                    if (emitted == stopAfter && STOPPED.compareAndSet(false, true)) {
                        stopped = true;
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                }
                return status;
            }

            @Override
            public List<NdjsonFileSplit> snapshotState(long checkpointId) {
                if (stopped && checkpointWhileStopped < 0) {
                    checkpointWhileStopped = checkpointId;
                }
                return reader.snapshotState(checkpointId);
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return stopped ? resumed : reader.isAvailable();
            }

            @Override
            public void addSplits(List<NdjsonFileSplit> splits) {
                if (splits.stream().anyMatch(split -> split.offset() > 0)) {
                    RESUMED_MID_FILE.set(true);
                }
                reader.addSplits(splits);
            }

            @Override
            public void notifyNoMoreSplits() {
                reader.notifyNoMoreSplits();
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                reader.notifyCheckpointComplete(checkpointId);
                if (stopped
                        && checkpointWhileStopped >= 0
                        && checkpointId >= checkpointWhileStopped) {
                    stopped = false;
                    emittedAfterResume = 0;
                    resumed.complete(null);
                }
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        }
    }

    /**
     * Writes the lines with the given terminator; returns the expected "path:line\tvalue" outputs.
     */
    private static List<String> writeLines(
            Path file, String terminator, boolean finalTerminator, String... lines)
            throws IOException {
        StringBuilder content = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            content.append(lines[i]);
            if (i < lines.length - 1 || finalTerminator) {
                content.append(terminator);
            }
            expected.add(SourceCoordinates.file(file.toString(), i + 1) + "\t" + lines[i]);
        }
        Files.write(file, content.toString().getBytes(ISO_8859_1));
        return expected;
    }

    private static String[] numbered(int count) {
        String[] lines = new String[count];
        for (int i = 0; i < count; i++) {
            lines[i] = "{\"n\":" + (i + 1) + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
        }
        return lines;
    }

    private static String deadLetterJson(Path file, int line) {
        return "{\"reason\":\"empty record\",\"source\":{\"type\":\"file\",\"path\":\""
                + file
                + "\",\"line\":"
                + line
                + "},\"original\":\"\",\"original_base64\":\"\"}";
    }

    /**
     * The file's lines, bytes mapped one to one onto chars, sorted (parallel readers interleave).
     */
    private static List<String> sortedLines(Path file) throws IOException {
        String content = new String(Files.readAllBytes(file), ISO_8859_1);
        assertThat(content).endsWith("\n");
        return sorted(Arrays.asList(content.substring(0, content.length() - 1).split("\n", -1)));
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }

    private static Configuration smallTaskManager() {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(16));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(16));
        config.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(16));
        return config;
    }
}
