package io.threatstream.detect.rule.eql;

import io.threatstream.detect.event.EventFields;
import io.threatstream.detect.rule.eql.ast.EqlFunction;
import java.util.ArrayList;
import java.util.List;

/** The compiled boolean structure and the leaves that feed field values into value chains. */
final class Predicates {

    private Predicates() {}

    static final class Constant extends EventPredicate {
        private static final long serialVersionUID = 1L;
        static final Constant TRUE = new Constant(true);
        static final Constant FALSE = new Constant(false);

        private final boolean value;

        private Constant(boolean value) {
            this.value = value;
        }

        static Constant of(boolean value) {
            return value ? TRUE : FALSE;
        }

        boolean value() {
            return value;
        }

        @Override
        boolean matches(EventFields event) {
            return value;
        }

        private Object readResolve() {
            return of(value);
        }
    }

    /** All parts match; stops at the first that does not. */
    static final class AllOf extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final EventPredicate[] parts;

        AllOf(List<EventPredicate> parts) {
            this.parts = parts.toArray(new EventPredicate[0]);
        }

        @Override
        boolean matches(EventFields event) {
            for (EventPredicate part : parts) {
                if (!part.matches(event)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Some part matches; stops at the first that does. */
    static final class AnyOf extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final EventPredicate[] parts;

        AnyOf(List<EventPredicate> parts) {
            this.parts = parts.toArray(new EventPredicate[0]);
        }

        @Override
        boolean matches(EventFields event) {
            for (EventPredicate part : parts) {
                if (part.matches(event)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Negation extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final EventPredicate operand;

        Negation(EventPredicate operand) {
            this.operand = operand;
        }

        EventPredicate operand() {
            return operand;
        }

        @Override
        boolean matches(EventFields event) {
            return !operand.matches(event);
        }
    }

    /** Some value of the field satisfies the sink: the "any value" rule for multi-valued fields. */
    static final class SomeFieldValue extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final int slot;
        private final ValueSink sink;

        SomeFieldValue(int slot, ValueSink sink) {
            this.slot = slot;
            this.sink = sink;
        }

        @Override
        boolean matches(EventFields event) {
            int count = event.valueCount(slot);
            for (int i = 0; i < count; i++) {
                String value = event.value(slot, i);
                if (sink.text(value, 0, value.length(), event.isNumber(slot, i))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The field has at least one value. */
    static final class FieldPresent extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final int slot;

        FieldPresent(int slot) {
            this.slot = slot;
        }

        @Override
        boolean matches(EventFields event) {
            return event.valueCount(slot) > 0;
        }
    }

    /** A function argument: a constant or a field's slot. */
    record Argument(Value constant, int slot) implements java.io.Serializable {
        static Argument constant(Value value) {
            return new Argument(value, -1);
        }

        static Argument field(int slot) {
            return new Argument(null, slot);
        }

        boolean isField() {
            return slot >= 0;
        }
    }

    /**
     * A function with fields beyond its first argument, e.g. {@code startsWith("regsvr32.exe",
     * process.name)}: tries every combination of the argument values. This path allocates per event;
     * it is for the rare calls that cannot be chained at compile time.
     */
    static final class FunctionOfFields extends EventPredicate {
        private static final long serialVersionUID = 1L;
        private final EqlFunction function;
        private final boolean ci;
        private final Argument[] arguments;
        private final ValueSink down;

        FunctionOfFields(EqlFunction function, boolean ci, List<Argument> arguments, ValueSink down) {
            this.function = function;
            this.ci = ci;
            this.arguments = arguments.toArray(new Argument[0]);
            this.down = down;
        }

        @Override
        boolean matches(EventFields event) {
            List<List<Value>> options = new ArrayList<>(arguments.length);
            for (Argument argument : arguments) {
                List<Value> values = values(event, argument);
                if (values.isEmpty()) {
                    return false;
                }
                options.add(values);
            }
            int restCount = arguments.length - 1;
            int[] choice = new int[restCount];
            List<Value> rest = new ArrayList<>(restCount);
            while (true) {
                rest.clear();
                for (int i = 0; i < restCount; i++) {
                    rest.add(options.get(i + 1).get(choice[i]));
                }
                if (tryCombination(options.get(0), rest)) {
                    return true;
                }
                if (!advance(choice, options)) {
                    return false;
                }
            }
        }

        private boolean tryCombination(List<Value> firstValues, List<Value> rest) {
            ValueSink stage;
            try {
                stage = FunctionStages.create(function, ci, rest, down);
            } catch (FunctionStages.InvalidArgument e) {
                // A field value that does not fit (e.g. a non-numeric position) makes the call null.
                return false;
            }
            if (stage == null) {
                return false;
            }
            for (Value first : firstValues) {
                if (first.feed(stage)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean advance(int[] choice, List<List<Value>> options) {
            for (int i = choice.length - 1; i >= 0; i--) {
                if (++choice[i] < options.get(i + 1).size()) {
                    return true;
                }
                choice[i] = 0;
            }
            return false;
        }

        private static List<Value> values(EventFields event, Argument argument) {
            if (!argument.isField()) {
                return List.of(argument.constant());
            }
            int count = event.valueCount(argument.slot());
            List<Value> values = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(Value.text(event.value(argument.slot(), i), event.isNumber(argument.slot(), i)));
            }
            return values;
        }
    }
}
