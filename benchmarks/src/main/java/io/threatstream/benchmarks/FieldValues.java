package io.threatstream.benchmarks;

import java.util.function.Predicate;

/**
 * The values of a field in a parsed event, as Elasticsearch sees them: dotted keys and nested
 * objects name the same field, arrays (also nested, also of objects) are flattened, nulls dropped,
 * numbers and booleans read as their text, objects never a value.
 */
interface FieldValues {

    /** Whether any value of {@code path} passes {@code test}; false if the field is missing. */
    boolean anyValue(FieldPath path, Predicate<String> test);
}
