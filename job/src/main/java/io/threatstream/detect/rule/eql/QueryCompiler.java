package io.threatstream.detect.rule.eql;

import io.threatstream.detect.event.FieldTable;
import io.threatstream.detect.rule.eql.Predicates.AllOf;
import io.threatstream.detect.rule.eql.Predicates.AnyOf;
import io.threatstream.detect.rule.eql.Predicates.Argument;
import io.threatstream.detect.rule.eql.Predicates.Constant;
import io.threatstream.detect.rule.eql.Predicates.FieldPresent;
import io.threatstream.detect.rule.eql.Predicates.FunctionOfFields;
import io.threatstream.detect.rule.eql.Predicates.Negation;
import io.threatstream.detect.rule.eql.Predicates.SomeFieldValue;
import io.threatstream.detect.rule.eql.ast.And;
import io.threatstream.detect.rule.eql.ast.AstPrinter;
import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.Comparison;
import io.threatstream.detect.rule.eql.ast.ComparisonOp;
import io.threatstream.detect.rule.eql.ast.Expr;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.InList;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.Not;
import io.threatstream.detect.rule.eql.ast.NullLiteral;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.Or;
import io.threatstream.detect.rule.eql.ast.PatternMatch;
import io.threatstream.detect.rule.eql.ast.Query;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import io.threatstream.detect.rule.eql.ast.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a parsed query into a {@link CompiledQuery}, doing all pattern, regex, CIDR and
 * case-folding work once. Semantics are Elasticsearch's over ECS keyword fields (see {@code
 * shared/docs/semantics.md}):
 *
 * <ul>
 *   <li>{@code file where Q} is {@code event.category == "file" and Q}; {@code any where Q} is Q.
 *   <li>Multi-valued fields: a test is true when <em>any</em> value satisfies it; {@code not}
 *       negates that, so {@code not f : "x"} is false as soon as one value matches.
 *   <li>A missing field (no values) makes every test on it false, so its negation is true; {@code
 *       f == null} is true exactly when f has no value, {@code f != null} when it has one. {@code
 *       f != v} is {@code not (f == v)} and is true for a missing field.
 *   <li>{@code ==}, {@code !=}, {@code in}: case-sensitive exact equality. With a number literal,
 *       a value matches when its text is the literal's canonical text or it is a JSON number
 *       numerically equal to it. Booleans and numbers in the event compare as their JSON text.
 *   <li>{@code :} and {@code like~}: ASCII case-insensitive wildcards; {@code like}:
 *       case-sensitive; {@code in~}: ASCII case-insensitive equality; {@code regex}/{@code regex~}:
 *       Lucene syntax ({@link LuceneRegex}), whole-value match.
 *   <li>{@code < <= > >=}: with a number literal, JSON numbers and numeric strings compare
 *       numerically and other values never satisfy; with a string literal, values compare as text
 *       by code point.
 *   <li>{@code ?field} is accepted and behaves like {@code field}: without a mapping every field
 *       is known.
 *   <li>Functions over a multi-valued field apply to each value: a boolean function is true when
 *       it holds for some value; a value function yields one result per value and the comparison
 *       around it is true when some result satisfies it. A function of several fields tries every
 *       combination of their values. A null argument (or a missing field) yields no result.
 *   <li>Keyword values longer than Elasticsearch's {@code ignore_above} are matched like any
 *       other: that indexing limit is not emulated.
 * </ul>
 */
public final class QueryCompiler {

    private static final ValueSink ANY_VALUE = new ValueTests.AnyValue();

    private final FieldTable table;
    private final Set<String> fields = new LinkedHashSet<>();

    private QueryCompiler(FieldTable table) {
        this.table = table;
    }

    /** Parses and compiles {@code eql}, registering the fields it reads in {@code table}. */
    public static CompiledQuery compile(String eql, FieldTable table) throws EqlException {
        return compile(EqlParser.parse(eql), table);
    }

    /** Compiles a parsed query, registering the fields it reads in {@code table}. */
    public static CompiledQuery compile(Query query, FieldTable table) throws EqlException {
        QueryCompiler compiler = new QueryCompiler(table);
        List<EventPredicate> parts = new ArrayList<>();
        if (!query.anyCategory()) {
            parts.add(new SomeFieldValue(compiler.slot("event.category"), new ValueTests.TextEquals(query.category())));
        }
        parts.add(compiler.condition(query.condition()));
        return new CompiledQuery(allOf(parts), new ArrayList<>(compiler.fields), AstPrinter.print(query),
                RequiredTexts.of(query));
    }

    private int slot(String path) {
        fields.add(path);
        return table.slotOf(path);
    }

    private EventPredicate condition(Expr expr) throws EqlException {
        if (expr instanceof And) {
            List<EventPredicate> parts = new ArrayList<>();
            for (Expr part : flatten(expr, true)) {
                parts.add(condition(part));
            }
            return allOf(parts);
        }
        if (expr instanceof Or) {
            List<EventPredicate> parts = new ArrayList<>();
            for (Expr part : flatten(expr, false)) {
                parts.add(condition(part));
            }
            return anyOf(parts);
        }
        if (expr instanceof Not not) {
            return negation(condition(not.operand()));
        }
        if (expr instanceof BooleanLiteral b) {
            return Constant.of(b.value());
        }
        if (expr instanceof FunctionCall call && call.function().returnType() == ValueType.BOOLEAN) {
            return call(call, null);
        }
        if (expr instanceof Comparison comparison) {
            return comparison(comparison);
        }
        if (expr instanceof InList in) {
            return inList(in);
        }
        if (expr instanceof PatternMatch match) {
            return patternMatch(match);
        }
        throw new EqlException(expr.position(), "[" + AstPrinter.print(expr) + "] is not a condition");
    }

    /** The operands of a chain of {@code and} (or {@code or}) nodes, left to right. */
    private static List<Expr> flatten(Expr expr, boolean and) {
        List<Expr> out = new ArrayList<>();
        flattenInto(expr, and, out);
        return out;
    }

    private static void flattenInto(Expr expr, boolean and, List<Expr> out) {
        if (and && expr instanceof And a) {
            flattenInto(a.left(), true, out);
            flattenInto(a.right(), true, out);
        } else if (!and && expr instanceof Or o) {
            flattenInto(o.left(), false, out);
            flattenInto(o.right(), false, out);
        } else {
            out.add(expr);
        }
    }

    // operand OP literal; a literal on the left is swapped to the right.
    private EventPredicate comparison(Comparison c) throws EqlException {
        Expr subject = c.left();
        ComparisonOp op = c.op();
        Expr other = c.right();
        if (subject instanceof Literal && !(other instanceof Literal)) {
            subject = c.right();
            other = c.left();
            op = op.mirrored();
        }
        if (!(other instanceof Literal literal)) {
            throw new EqlException(c.position(), "One side of [" + c.op().symbol() + "] must be a literal");
        }
        if (literal instanceof NullLiteral) {
            return switch (op) {
                case EQ -> negation(present(subject));
                case NEQ -> present(subject);
                default -> throw new EqlException(literal.position(), "[" + op.symbol() + "] cannot compare with [null]");
            };
        }
        return switch (op) {
            case EQ -> value(subject, equality(literal, false));
            case NEQ -> negation(value(subject, equality(literal, false)));
            default -> value(subject, order(op, literal));
        };
    }

    private static ValueSink equality(Literal literal, boolean caseInsensitive) {
        if (literal instanceof NumberLiteral number) {
            return new ValueTests.NumberEquals(number.text(), number.value().doubleValue());
        }
        return new ValueTests.TextIn(new String[] {literal.text()}, caseInsensitive);
    }

    private static ValueSink order(ComparisonOp op, Literal literal) throws EqlException {
        if (literal instanceof NumberLiteral number) {
            return new ValueTests.NumericOrder(op, number.value().doubleValue());
        }
        if (literal instanceof StringLiteral string) {
            return new ValueTests.TextOrder(op, string.value());
        }
        throw new EqlException(literal.position(), "[" + op.symbol() + "] needs a number or string, found ["
                + AstPrinter.print(literal) + "]");
    }

    // value in (literals): an OR of equality tests; a null in the list adds "value is missing".
    private EventPredicate inList(InList in) throws EqlException {
        List<String> texts = new ArrayList<>();
        List<ValueSink> numbers = new ArrayList<>();
        boolean withNull = false;
        for (Literal literal : in.values()) {
            if (literal instanceof NullLiteral) {
                withNull = true;
            } else if (literal instanceof NumberLiteral) {
                numbers.add(equality(literal, in.caseInsensitive()));
            } else {
                texts.add(literal.text());
            }
        }
        List<ValueSink> tests = new ArrayList<>(numbers);
        if (!texts.isEmpty()) {
            tests.add(0, new ValueTests.TextIn(texts.toArray(new String[0]), in.caseInsensitive()));
        }
        List<EventPredicate> alternatives = new ArrayList<>();
        if (!tests.isEmpty()) {
            ValueSink sink = tests.size() == 1 ? tests.get(0) : new ValueTests.AnyOf(tests.toArray(new ValueSink[0]));
            alternatives.add(value(in.value(), sink));
        }
        if (withNull) {
            alternatives.add(negation(present(in.value())));
        }
        return anyOf(alternatives);
    }

    private EventPredicate patternMatch(PatternMatch match) throws EqlException {
        boolean ci = match.kind().caseInsensitive();
        List<Literal> patterns = match.patterns();
        ValueSink sink;
        if (match.kind().regex()) {
            Pattern[] regexes = new Pattern[patterns.size()];
            for (int i = 0; i < regexes.length; i++) {
                Literal literal = patterns.get(i);
                try {
                    regexes[i] = LuceneRegex.compile(literal.text(), ci);
                } catch (IllegalArgumentException e) {
                    throw new EqlException(literal.position(), e.getMessage());
                }
            }
            sink = new ValueTests.Regexes(regexes);
        } else {
            WildcardMatcher[] matchers = new WildcardMatcher[patterns.size()];
            boolean allExact = true;
            for (int i = 0; i < matchers.length; i++) {
                matchers[i] = WildcardMatcher.compile(patterns.get(i).text(), ci);
                allExact &= matchers[i].isExact();
            }
            sink = allExact
                    ? new ValueTests.TextIn(patterns.stream().map(Literal::text).toArray(String[]::new), ci)
                    : new ValueTests.Wildcards(matchers);
        }
        return value(match.value(), sink);
    }

    /** "Some value of {@code operand} satisfies {@code sink}". */
    private EventPredicate value(Expr operand, ValueSink sink) throws EqlException {
        if (operand instanceof Field field) {
            return new SomeFieldValue(slot(field.path()), sink);
        }
        if (operand instanceof Literal literal) {
            Value value = Value.of(literal);
            return Constant.of(value != null && value.feed(sink));
        }
        if (operand instanceof FunctionCall call) {
            return call(call, sink);
        }
        throw new EqlException(operand.position(), "[" + AstPrinter.print(operand) + "] is not a value");
    }

    /** "{@code operand} has a value". */
    private EventPredicate present(Expr operand) throws EqlException {
        if (operand instanceof Field field) {
            return new FieldPresent(slot(field.path()));
        }
        return value(operand, ANY_VALUE);
    }

    /**
     * A function call whose first argument flows through the function into {@code down} (a boolean
     * function is itself the test and ignores {@code down}). When all other arguments are literals
     * the function becomes a stage of the chain; otherwise every combination of argument values is
     * tried per event.
     */
    private EventPredicate call(FunctionCall call, ValueSink down) throws EqlException {
        List<Expr> args = call.arguments();
        Expr first = args.get(0);
        List<Expr> rest = args.subList(1, args.size());
        boolean restConstant = rest.stream().allMatch(a -> a instanceof Literal);
        if (restConstant) {
            List<Value> values = new ArrayList<>();
            for (Expr arg : rest) {
                values.add(Value.of((Literal) arg));
            }
            ValueSink stage = stage(call, values, down);
            return stage == null ? Constant.FALSE : value(first, stage);
        }
        List<Argument> arguments = new ArrayList<>();
        for (Expr arg : args) {
            if (arg instanceof Field field) {
                arguments.add(Argument.field(slot(field.path())));
            } else if (arg instanceof Literal literal) {
                Value value = Value.of(literal);
                if (value == null) {
                    return Constant.FALSE;
                }
                arguments.add(Argument.constant(value));
            } else {
                throw new EqlException(arg.position(), "Function [" + call.function().eqlName()
                        + "]: a function call as an argument is only supported in the first argument, and only when"
                        + " the other arguments are literals");
            }
        }
        return new FunctionOfFields(call.function(), call.caseInsensitive(), arguments, down);
    }

    private static ValueSink stage(FunctionCall call, List<Value> rest, ValueSink down) throws EqlException {
        try {
            return FunctionStages.create(call.function(), call.caseInsensitive(), rest, down);
        } catch (FunctionStages.InvalidArgument e) {
            throw new EqlException(call.arguments().get(e.argumentIndex()).position(), e.getMessage());
        }
    }

    private static EventPredicate allOf(List<EventPredicate> parts) {
        List<EventPredicate> kept = new ArrayList<>();
        for (EventPredicate part : parts) {
            if (part instanceof Constant constant) {
                if (!constant.value()) {
                    return Constant.FALSE;
                }
            } else {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? Constant.TRUE : kept.size() == 1 ? kept.get(0) : new AllOf(kept);
    }

    private static EventPredicate anyOf(List<EventPredicate> parts) {
        List<EventPredicate> kept = new ArrayList<>();
        for (EventPredicate part : parts) {
            if (part instanceof Constant constant) {
                if (constant.value()) {
                    return Constant.TRUE;
                }
            } else {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? Constant.FALSE : kept.size() == 1 ? kept.get(0) : new AnyOf(kept);
    }

    private static EventPredicate negation(EventPredicate operand) {
        if (operand instanceof Constant constant) {
            return Constant.of(!constant.value());
        }
        if (operand instanceof Negation negation) {
            return negation.operand();
        }
        return new Negation(operand);
    }
}
