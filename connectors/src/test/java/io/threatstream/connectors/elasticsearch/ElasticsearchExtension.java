package io.threatstream.connectors.elasticsearch;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives integration tests a real Elasticsearch ({@link LocalElasticsearch}): started once per JVM
 * by the first test class that uses it, shared by all the others, stopped by a shutdown hook when
 * the test JVM exits. Tests keep apart by using their own index names.
 *
 * <pre>{@code
 * @ExtendWith(ElasticsearchExtension.class)
 * class MyITCase {
 *     ... ElasticsearchExtension.node().sinkBuilder().setIndex("my-index").build() ...
 * }
 * }</pre>
 */
public final class ElasticsearchExtension implements BeforeAllCallback {
    private static LocalElasticsearch node;
    private static RuntimeException startFailure;

    @Override
    public void beforeAll(ExtensionContext context) {
        node();
    }

    /** The shared node, started on first use; a failed start is reported to every caller. */
    public static synchronized LocalElasticsearch node() {
        if (startFailure != null) {
            throw new IllegalStateException("Elasticsearch did not start earlier in this JVM", startFailure);
        }
        if (node == null) {
            try {
                node = LocalElasticsearch.start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            LocalElasticsearch started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-elasticsearch"));
        }
        return node;
    }
}
