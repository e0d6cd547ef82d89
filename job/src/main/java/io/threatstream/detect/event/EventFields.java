package io.threatstream.detect.event;

/**
 * The values of the fields a compiled rule reads, for one event. Fields are addressed by slot: the
 * index a {@link FieldTable} gave their dotted path.
 *
 * <p>Values follow Elasticsearch's view of a keyword field (see {@code shared/docs/semantics.md}):
 * dotted keys and nested objects are one field; arrays are multi-valued and flattened; {@code
 * null} elements are dropped; numbers and booleans appear as their JSON text; an object where a
 * scalar is expected contributes no value. A field with no values is missing.
 */
public interface EventFields {

    /** Number of values of the field in {@code slot}; 0 when it is missing or only null. */
    int valueCount(int slot);

    /** The {@code i}-th value as text: strings as is, numbers and booleans as their JSON text. */
    String value(int slot, int i);

    /** Whether the {@code i}-th value was a JSON number (numeric comparisons use it). */
    boolean isNumber(int slot, int i);
}
