package io.threatstream.connectors.elasticsearch.internal;

import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BulkItemStateSerializerTest {

    @Test
    void roundTripKeepsIdJsonAndTargetButNotTheFailureCount() throws IOException {
        List<BulkItem> items = List.of(
                new BulkItem("ä-1", "{\"a\":\"ü\"}".getBytes(StandardCharsets.UTF_8), false, 4, 1000),
                BulkItem.document(null, "{}".getBytes(StandardCharsets.UTF_8)),
                BulkItem.deadLetter("x", "{\"error\":1}".getBytes(StandardCharsets.UTF_8)));
        BulkItemStateSerializer serializer = new BulkItemStateSerializer();
        BufferedRequestState<BulkItem> state = new BufferedRequestState<>(
                items.stream().map(item -> new RequestEntryWrapper<>(item, item.sizeInBytes())).toList());

        BufferedRequestState<BulkItem> restored = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        List<BulkItem> back = restored.getBufferedRequestEntries().stream().map(RequestEntryWrapper::getRequestEntry).toList();
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get(i).id()).isEqualTo(items.get(i).id());
            assertThat(back.get(i).json()).isEqualTo(items.get(i).json());
            assertThat(back.get(i).isDeadLetter()).isEqualTo(items.get(i).isDeadLetter());
            assertThat(back.get(i).failedAttempts()).isZero();
        }
    }
}
