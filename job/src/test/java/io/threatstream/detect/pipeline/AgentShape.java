package io.threatstream.detect.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * How each endpoint agent the seed rule supports lays out the same file event, after the shapes in
 * {@code FleetSimulator}: Elastic Defend nests objects and sends {@code event.category} and {@code
 * event.type} as arrays; Auditbeat's file-creation events also carry {@code change}; SentinelOne
 * uses flat dotted keys; Endgame has scalar {@code event.category} and a {@code host} object with
 * dotted keys inside.
 */
enum AgentShape {
    ELASTIC_DEFEND("Elastic Defend"),
    AUDITBEAT("Auditbeat"),
    SENTINEL_ONE("SentinelOne"),
    ENDGAME("Endgame");

    /** The facts of a file event; null fields are left out of the JSON. */
    record FileEvent(
            String category,
            String osType,
            String eventType,
            String executable,
            String processName,
            String fileName,
            String fileExtension,
            String filePath) {

        FileEvent withCategory(String value) {
            return new FileEvent(value, osType, eventType, executable, processName, fileName, fileExtension, filePath);
        }

        FileEvent withOsType(String value) {
            return new FileEvent(category, value, eventType, executable, processName, fileName, fileExtension, filePath);
        }

        FileEvent withEventType(String value) {
            return new FileEvent(category, osType, value, executable, processName, fileName, fileExtension, filePath);
        }

        FileEvent withProcess(String newExecutable, String newName) {
            return new FileEvent(category, osType, eventType, newExecutable, newName, fileName, fileExtension, filePath);
        }

        FileEvent withFile(String name, String extension, String path) {
            return new FileEvent(category, osType, eventType, executable, processName, name, extension, path);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;

    AgentShape(String label) {
        this.label = label;
    }

    /** The event as this agent's JSON. */
    byte[] render(FileEvent e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("@timestamp", "2024-05-01T12:00:00.000Z");
        switch (this) {
            case ELASTIC_DEFEND -> {
                ObjectNode event = root.putObject("event");
                array(event, "category", e.category());
                array(event, "type", e.eventType());
                nested(root, e);
            }
            case AUDITBEAT -> {
                ObjectNode event = root.putObject("event");
                array(event, "category", e.category());
                if (e.eventType() != null) {
                    ArrayNode types = event.putArray("type");
                    types.add(e.eventType());
                    if (e.eventType().equals("creation")) {
                        types.add("change");
                    }
                }
                nested(root, e);
            }
            case SENTINEL_ONE -> {
                put(root, "event.category", e.category());
                put(root, "event.type", e.eventType());
                put(root, "host.os.type", e.osType());
                put(root, "process.executable", e.executable());
                put(root, "process.name", e.processName());
                put(root, "file.name", e.fileName());
                put(root, "file.extension", e.fileExtension());
                put(root, "file.path", e.filePath());
            }
            case ENDGAME -> {
                ObjectNode event = root.putObject("event");
                put(event, "category", e.category());
                put(event, "type", e.eventType());
                ObjectNode host = root.putObject("host");
                host.put("hostname", "host-00003");
                put(host, "os.type", e.osType());
                process(root, e);
                file(root, e);
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void nested(ObjectNode root, FileEvent e) {
        ObjectNode host = root.putObject("host");
        host.put("name", "host-00001");
        ObjectNode os = host.putObject("os");
        os.put("family", "debian");
        put(os, "type", e.osType());
        process(root, e);
        file(root, e);
    }

    private static void process(ObjectNode root, FileEvent e) {
        ObjectNode process = root.putObject("process");
        put(process, "executable", e.executable());
        put(process, "name", e.processName());
        process.put("pid", 4711);
    }

    private static void file(ObjectNode root, FileEvent e) {
        ObjectNode file = root.putObject("file");
        put(file, "name", e.fileName());
        put(file, "extension", e.fileExtension());
        put(file, "path", e.filePath());
    }

    private static void put(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static void array(ObjectNode node, String key, String value) {
        if (value != null) {
            node.putArray(key).add(value);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
