package io.threatstream.detect.pipeline;

import io.threatstream.detect.pipeline.JsonTree.JsonArray;
import io.threatstream.detect.pipeline.JsonTree.JsonObject;
import io.threatstream.detect.pipeline.JsonTree.JsonScalar;
import io.threatstream.detect.pipeline.JsonTree.Member;
import io.threatstream.detect.rule.eql.ast.And;
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
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A deliberately plain evaluator of the EQL AST over a whole-document tree, written from {@code
 * shared/docs/semantics.md} and the {@code QueryCompiler} Javadoc and sharing no code with the
 * compiled engine. It is slow on purpose: every field is looked up by walking the tree and every
 * wildcard becomes a fresh {@link Pattern}. {@code DifferentialTest} checks the streaming fast path
 * against it.
 *
 * <p>Semantics implemented:
 *
 * <ul>
 *   <li>A dotted path is found by trying every way to split its remaining segments into one key at
 *       each object level, so dotted keys and nested objects are the same field; arrays (also
 *       nested, also of objects) are flattened; nulls are dropped; objects where a value is
 *       expected give no value. Numbers keep their JSON text; booleans are {@code true}/{@code
 *       false}.
 *   <li>A test on a field is true when some value passes it; {@code not} negates that; a missing
 *       field fails every test. {@code f == null} means "no value", {@code f != v} is {@code not f
 *       == v}.
 *   <li>Equality is case-sensitive; {@code in~}, {@code :} and {@code like~} fold ASCII letters
 *       only (done here by hand). With a number literal, a value is equal when its text is the
 *       literal's canonical text or it is a JSON number with the same {@code double} value.
 *   <li>{@code < <= > >=} with a number literal: values whose text is a decimal number compare as
 *       {@code double}; with a string literal: code point order.
 *   <li>Wildcards: {@code *} any run, {@code ?} one code point, no escape character.
 *   <li>Regexes: the Lucene subset literals, {@code \x}, {@code .}, classes, groups, {@code |},
 *       {@code * + ?}, whole-value match.
 *   <li>Functions: {@code startsWith}, {@code endsWith}, {@code stringContains} (empty needle:
 *       false), their {@code ~} forms, {@code length} (UTF-16 units); over every combination of
 *       argument values.
 * </ul>
 *
 * Anything else throws {@link UnsupportedOperationException}: the reference must never guess.
 */
final class TreeReferenceEvaluator {

    /** A decimal number as text: the shape the engine's numeric comparisons accept. */
    private static final Pattern DECIMAL_TEXT =
            Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    private final Query query;

    TreeReferenceEvaluator(Query query) {
        this.query = query;
    }

    /** Whether the query matches the document. */
    boolean matches(JsonTree document) {
        if (!query.anyCategory()) {
            boolean categoryMatches = false;
            for (JsonScalar value : resolve(document, "event.category")) {
                categoryMatches |= value.text().equals(query.category());
            }
            if (!categoryMatches) {
                return false;
            }
        }
        return holds(query.condition(), document);
    }

    /** Every value of the field at dotted {@code path}, in no particular order. */
    static List<JsonScalar> resolve(JsonTree document, String path) {
        List<JsonScalar> out = new ArrayList<>();
        collect(document, path.split("\\.", -1), 0, out);
        return out;
    }

    // segments[from..] is what is left of the path below `node`.
    private static void collect(JsonTree node, String[] segments, int from, List<JsonScalar> out) {
        if (node instanceof JsonArray array) {
            for (JsonTree element : array.elements()) {
                collect(element, segments, from, out);
            }
        } else if (node instanceof JsonObject object) {
            for (Member member : object.members()) {
                String key = "";
                for (int end = from; end < segments.length; end++) {
                    key = end == from ? segments[end] : key + "." + segments[end];
                    if (member.key().equals(key)) {
                        if (end == segments.length - 1) {
                            leafValues(member.value(), out);
                        } else {
                            collect(member.value(), segments, end + 1, out);
                        }
                    }
                }
            }
        }
        // A scalar or null with path left over: the path does not exist here.
    }

    private static void leafValues(JsonTree node, List<JsonScalar> out) {
        if (node instanceof JsonScalar scalar) {
            out.add(scalar);
        } else if (node instanceof JsonArray array) {
            for (JsonTree element : array.elements()) {
                leafValues(element, out);
            }
        }
        // null: dropped; an object where a value is expected: no value.
    }

    private boolean holds(Expr expr, JsonTree doc) {
        if (expr instanceof And and) {
            return holds(and.left(), doc) && holds(and.right(), doc);
        }
        if (expr instanceof Or or) {
            return holds(or.left(), doc) || holds(or.right(), doc);
        }
        if (expr instanceof Not not) {
            return !holds(not.operand(), doc);
        }
        if (expr instanceof BooleanLiteral b) {
            return b.value();
        }
        if (expr instanceof FunctionCall call) {
            return booleanFunction(call, doc);
        }
        if (expr instanceof Comparison comparison) {
            return comparison(comparison, doc);
        }
        if (expr instanceof InList in) {
            List<JsonScalar> values = values(in.value(), doc);
            for (Literal literal : in.values()) {
                if (literal instanceof NullLiteral ? values.isEmpty() : anyEquals(values, literal, in.caseInsensitive())) {
                    return true;
                }
            }
            return false;
        }
        if (expr instanceof PatternMatch match) {
            List<JsonScalar> values = values(match.value(), doc);
            for (Literal pattern : match.patterns()) {
                Pattern regex = match.kind().regex()
                        ? luceneRegex(pattern.text(), match.kind().caseInsensitive())
                        : wildcard(pattern.text(), match.kind().caseInsensitive());
                for (JsonScalar value : values) {
                    String text = match.kind().caseInsensitive() ? asciiLower(value.text()) : value.text();
                    if (regex.matcher(text).matches()) {
                        return true;
                    }
                }
            }
            return false;
        }
        throw new UnsupportedOperationException("not a condition the reference knows: " + expr);
    }

    private boolean comparison(Comparison c, JsonTree doc) {
        Expr subject = c.left();
        Expr other = c.right();
        ComparisonOp op = c.op();
        if (subject instanceof Literal && !(other instanceof Literal)) {
            subject = c.right();
            other = c.left();
            op = op.mirrored();
        }
        if (!(other instanceof Literal literal)) {
            throw new UnsupportedOperationException("comparison without a literal: " + c);
        }
        List<JsonScalar> values = values(subject, doc);
        if (literal instanceof NullLiteral) {
            return switch (op) {
                case EQ -> values.isEmpty();
                case NEQ -> !values.isEmpty();
                default -> throw new UnsupportedOperationException(c.toString());
            };
        }
        if (op == ComparisonOp.EQ) {
            return anyEquals(values, literal, false);
        }
        if (op == ComparisonOp.NEQ) {
            return !anyEquals(values, literal, false);
        }
        for (JsonScalar value : values) {
            if (ordered(value, op, literal)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyEquals(List<JsonScalar> values, Literal literal, boolean caseInsensitive) {
        for (JsonScalar value : values) {
            if (literal instanceof NumberLiteral number) {
                if (value.text().equals(number.text())
                        || (value.number() && Double.parseDouble(value.text()) == number.value().doubleValue())) {
                    return true;
                }
            } else if (caseInsensitive
                    ? asciiLower(value.text()).equals(asciiLower(literal.text()))
                    : value.text().equals(literal.text())) {
                return true;
            }
        }
        return false;
    }

    private static boolean ordered(JsonScalar value, ComparisonOp op, Literal literal) {
        int cmp;
        if (literal instanceof NumberLiteral number) {
            if (!DECIMAL_TEXT.matcher(value.text()).matches()) {
                return false;
            }
            double v = Double.parseDouble(value.text());
            double bound = number.value().doubleValue();
            // Plain numeric order: -0.0 and 0.0 are the same number.
            cmp = v < bound ? -1 : v > bound ? 1 : 0;
        } else if (literal instanceof StringLiteral string) {
            cmp = compareCodePoints(value.text(), string.value());
        } else {
            throw new UnsupportedOperationException("order against " + literal);
        }
        return switch (op) {
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** The values of an operand: a field's values, a literal, or a value function per input value. */
    private List<JsonScalar> values(Expr operand, JsonTree doc) {
        if (operand instanceof Field field) {
            return resolve(doc, field.path());
        }
        if (operand instanceof NullLiteral) {
            return List.of();
        }
        if (operand instanceof NumberLiteral number) {
            return List.of(new JsonScalar(number.text(), true));
        }
        if (operand instanceof Literal literal) {
            return List.of(new JsonScalar(literal.text(), false));
        }
        if (operand instanceof FunctionCall call) {
            switch (call.function()) {
                case LENGTH -> {
                    List<JsonScalar> out = new ArrayList<>();
                    for (JsonScalar value : values(call.arguments().get(0), doc)) {
                        out.add(new JsonScalar(Integer.toString(value.text().length()), true));
                    }
                    return out;
                }
                default -> throw new UnsupportedOperationException("value function " + call);
            }
        }
        throw new UnsupportedOperationException("operand " + operand);
    }

    private boolean booleanFunction(FunctionCall call, JsonTree doc) {
        if (call.arguments().size() != 2) {
            throw new UnsupportedOperationException("function " + call);
        }
        boolean ci = call.caseInsensitive();
        for (JsonScalar haystack : values(call.arguments().get(0), doc)) {
            for (JsonScalar needle : values(call.arguments().get(1), doc)) {
                String s = ci ? asciiLower(haystack.text()) : haystack.text();
                String n = ci ? asciiLower(needle.text()) : needle.text();
                boolean result = switch (call.function()) {
                    case STARTS_WITH -> s.startsWith(n);
                    case ENDS_WITH -> s.endsWith(n);
                    case STRING_CONTAINS -> !n.isEmpty() && s.contains(n);
                    default -> throw new UnsupportedOperationException("function " + call);
                };
                if (result) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A wildcard pattern as a regex built code point by code point; the caller folds the value. */
    private static Pattern wildcard(String pattern, boolean caseInsensitive) {
        String p = caseInsensitive ? asciiLower(pattern) : pattern;
        StringBuilder regex = new StringBuilder();
        p.codePoints().forEach(c -> {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(new String(Character.toChars(c))));
            }
        });
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * The Lucene regex subset as a Java regex; case-insensitive patterns are lower-cased (ASCII) like
     * the value, so letter ranges in them must be all lower or all upper case.
     */
    private static Pattern luceneRegex(String lucene, boolean caseInsensitive) {
        String p = caseInsensitive ? asciiLower(lucene) : lucene;
        StringBuilder regex = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                i++;
                regex.append(literal(p.charAt(i)));
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                    regex.append(c);
                } else if (c == '-' || (c == '^' && p.charAt(i - 1) == '[')) {
                    regex.append(c);
                } else {
                    regex.append(literal(c));
                }
            } else if (c == '[') {
                inClass = true;
                regex.append(c);
            } else if (".*+?|()".indexOf(c) >= 0) {
                regex.append(c);
            } else if (Character.isLetterOrDigit(c) || " /_~-:,;=!'%".indexOf(c) >= 0) {
                regex.append(literal(c));
            } else {
                throw new UnsupportedOperationException("regex syntax the reference does not know: " + c + " in " + lucene);
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** One character as a regex that matches only it, inside or outside a class. */
    private static String literal(char c) {
        return "\\x{" + Integer.toHexString(c) + "}";
    }

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c >= 'A' && c <= 'Z' ? (char) (c - 'A' + 'a') : c);
        }
        return out.toString();
    }
}
