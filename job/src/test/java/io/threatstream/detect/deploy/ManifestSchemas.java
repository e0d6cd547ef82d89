package io.threatstream.detect.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * JSON schemas of the manifests in {@code deploy/k8s}: the Flink Kubernetes Operator's
 * CustomResourceDefinitions, one schema per served {@code apiVersion} and kind, from the CRD files
 * in the directory named by the system property {@value #DIR_PROPERTY}; and the fields of a core
 * {@code v1 Secret} that a manifest here may set.
 *
 * <p>The schemas check what the API server checks on {@code kubectl apply}: types, enums and,
 * since kubectl validates fields strictly, no unknown fields. A CRD's {@code openAPIV3Schema}
 * does not say the last part in JSON-schema terms (the API server prunes or rejects fields a
 * structural schema does not declare), so every object schema that lists {@code properties} and
 * neither allows {@code additionalProperties} nor sets {@code x-kubernetes-preserve-unknown-fields}
 * gets {@code additionalProperties: false}. The root gains {@code apiVersion}, {@code kind} and
 * {@code metadata}, which the API server adds to every CRD's schema.
 */
final class ManifestSchemas {

    static final String DIR_PROPERTY = "k8s.crds.dir";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Kubernetes' extensions to OpenAPI. Those about validation are the ones {@link
     * #rejectUndeclaredFields} interprets and the int-or-string types the CRDs also spell as
     * {@code anyOf}; CEL rules ({@code x-kubernetes-validations}) are not checked here.
     */
    private static final List<String> KUBERNETES_EXTENSIONS =
            List.of(
                    "x-kubernetes-preserve-unknown-fields",
                    "x-kubernetes-int-or-string",
                    "x-kubernetes-embedded-resource",
                    "x-kubernetes-list-type",
                    "x-kubernetes-list-map-keys",
                    "x-kubernetes-map-type",
                    "x-kubernetes-validations");

    /** OpenAPI v3 schemas of CRDs are JSON Schema draft 4 in what they use here. */
    private static final SchemaRegistry REGISTRY =
            SchemaRegistry.withDefaultDialect(
                    Dialect.builder(Dialects.getDraft4())
                            .keywords(KUBERNETES_EXTENSIONS.stream().map(NonValidationKeyword::new).toList())
                            .build());
    private static final Schema SECRET = REGISTRY.getSchema(secret());

    private final Path dir;
    private final Map<String, Schema> byApiVersionAndKind;

    private ManifestSchemas(Path dir, Map<String, Schema> byApiVersionAndKind) {
        this.dir = dir;
        this.byApiVersionAndKind = byApiVersionAndKind;
    }

    /**
     * Reads every CRD in the directory of {@value #DIR_PROPERTY}.
     *
     * @throws AssertionError when the property is set but the directory holds no CRD: the build
     *     says where they are, so a missing file is a broken checkout, not a reason to skip
     */
    static ManifestSchemas load() {
        String property = System.getProperty(DIR_PROPERTY);
        if (property == null || property.isBlank()) {
            throw new AssertionError(
                    "system property " + DIR_PROPERTY + " is not set: the build passes the directory of the "
                            + "Flink Kubernetes Operator's CRDs (shared/k8s/flink-kubernetes-operator-1.15.0-crds)");
        }
        Path dir = Path.of(property);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(DIR_PROPERTY + "=" + property + " does not exist");
        }
        Map<String, Schema> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                for (DeployFiles.Manifest doc : DeployFiles.read(file)) {
                    if (doc.kind().equals("CustomResourceDefinition")) {
                        addServedVersions(doc.doc(), schemas);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (schemas.isEmpty()) {
            throw new AssertionError(DIR_PROPERTY + "=" + property + " holds no CustomResourceDefinition");
        }
        return new ManifestSchemas(dir, schemas);
    }

    /** The schema of {@code kind} in {@code apiVersion}, if a CRD serves it or it is a Secret. */
    Optional<Schema> schema(String apiVersion, String kind) {
        if (apiVersion.equals("v1") && kind.equals("Secret")) {
            return Optional.of(SECRET);
        }
        return Optional.ofNullable(byApiVersionAndKind.get(apiVersion + " " + kind));
    }

    Path dir() {
        return dir;
    }

    private static void addServedVersions(JsonNode crd, Map<String, Schema> schemas) {
        String group = crd.path("spec").path("group").asText();
        String kind = crd.path("spec").path("names").path("kind").asText();
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (!version.path("served").asBoolean(false)) {
                continue;
            }
            String apiVersion = group + "/" + version.path("name").asText();
            ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
            rejectUndeclaredFields(schema);
            addObjectMeta(schema, apiVersion, kind);
            schemas.put(apiVersion + " " + kind, REGISTRY.getSchema(schema));
        }
    }

    /** Kubernetes' structural-schema rule, written as {@code additionalProperties: false}. */
    private static void rejectUndeclaredFields(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(ManifestSchemas::rejectUndeclaredFields);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ManifestSchemas::rejectUndeclaredFields);
        }
    }

    private static void addObjectMeta(ObjectNode schema, String apiVersion, String kind) {
        ObjectNode properties = schema.with("properties");
        properties.set("apiVersion", constant(apiVersion));
        properties.set("kind", constant(kind));
        properties.set("metadata", objectMeta());
        ArrayNode required = NODES.arrayNode().add("apiVersion").add("kind").add("metadata").add("spec");
        schema.set("required", required);
    }

    private static ObjectNode constant(String value) {
        ObjectNode node = NODES.objectNode().put("type", "string");
        node.putArray("enum").add(value);
        return node;
    }

    /** A strict schema of the {@code v1 Secret} fields our manifests set (Opaque, string values). */
    private static ObjectNode secret() {
        ObjectNode schema = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        schema.putArray("required").add("apiVersion").add("kind").add("metadata");
        ObjectNode props = schema.putObject("properties");
        props.set("apiVersion", constant("v1"));
        props.set("kind", constant("Secret"));
        props.set("metadata", objectMeta());
        props.set("type", constant("Opaque"));
        props.putObject("immutable").put("type", "boolean");
        for (String map : List.of("stringData", "data")) {
            props.putObject(map).put("type", "object").putObject("additionalProperties").put("type", "string");
        }
        return schema;
    }

    /** The parts of ObjectMeta a manifest sets; a name the API server accepts (DNS-1123 subdomain). */
    private static ObjectNode objectMeta() {
        ObjectNode meta = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        meta.putArray("required").add("name");
        ObjectNode props = meta.putObject("properties");
        props.putObject("name").put("type", "string").put("maxLength", 253)
                .put("pattern", "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
        props.putObject("namespace").put("type", "string");
        for (String map : List.of("labels", "annotations")) {
            props.putObject(map).put("type", "object").putObject("additionalProperties").put("type", "string");
        }
        return meta;
    }
}
