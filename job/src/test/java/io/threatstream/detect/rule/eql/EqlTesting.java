package io.threatstream.detect.rule.eql;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.event.MapEventFields;
import java.util.LinkedHashMap;
import java.util.Map;

/** Compiles queries and evaluates them on events given as path/value pairs. */
final class EqlTesting {

    private EqlTesting() {}

    /** An event from alternating paths and values; a value may be a list (multi-valued) or null. */
    static Map<String, Object> event(Object... pathsAndValues) {
        Map<String, Object> event = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndValues.length; i += 2) {
            event.put((String) pathsAndValues[i], pathsAndValues[i + 1]);
        }
        return event;
    }

    static boolean matches(String eql, Map<String, Object> event) throws EqlException {
        FieldTable table = new FieldTable();
        CompiledQuery query = QueryCompiler.compile(eql, table);
        return query.matches(MapEventFields.of(table, event));
    }

    /** Evaluates {@code any where <condition>}. */
    static boolean holds(String condition, Map<String, Object> event) throws EqlException {
        return matches("any where " + condition, event);
    }

    static boolean holds(String condition, Object... pathsAndValues) throws EqlException {
        return holds(condition, event(pathsAndValues));
    }
}
