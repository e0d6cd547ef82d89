package io.threatstream.detect.rule.eql.ast;

import java.util.List;
import java.util.Locale;

/**
 * The built-in functions of Elasticsearch EQL with their signatures. Names resolve
 * case-insensitively, as in Elasticsearch; {@link #eqlName()} is the documented spelling. Only the
 * functions marked {@link #hasCaseInsensitiveForm()} accept the {@code name~(...)} form, which
 * folds ASCII case only.
 *
 * <p>Results (as the compiled evaluator implements them; a {@code null} argument, or a field
 * without values, gives {@code null}, which no comparison accepts; positions and lengths count
 * UTF-16 characters):
 *
 * <ul>
 *   <li>{@code startsWith}, {@code endsWith}: prefix/suffix test; an empty needle is true.
 *       {@code stringContains}: substring test; an empty needle is false.
 *   <li>{@code cidrMatch(ip, cidr...)}: IPv4/IPv6 containment in any block; IPv4 is compared as
 *       IPv4-mapped IPv6; a value that is not an IP address is false.
 *   <li>{@code length(s)}; {@code substring(s, start[, end])} with Python-like negative and clamped
 *       positions; {@code concat(v...)} of the values' text; {@code string(v)}.
 *   <li>{@code between(s, left, right[, greedy])}: the text after the first {@code left} up to the
 *       next (greedy: the last) {@code right}; empty when either is not found.
 *   <li>{@code indexOf(s, sub[, start])}: first position at or after {@code max(start, 0)};
 *       {@code null} when not found or when start is past the end.
 *   <li>{@code number(s[, base])}: trims whitespace, accepts a sign and {@code 0x}; not a number
 *       gives {@code null}.
 *   <li>{@code add}, {@code subtract}, {@code multiply}, {@code divide}, {@code modulo}: integer
 *       arithmetic when both sides are integers (division truncates), else floating point;
 *       overflow and division by zero give {@code null}. Numeric strings are numbers.
 * </ul>
 */
public enum EqlFunction {
    ADD("add", ValueType.NUMBER, false, 2, 2, param(ValueType.NUMBER), param(ValueType.NUMBER)),
    BETWEEN("between", ValueType.STRING, true, 3, 4,
            param(ValueType.STRING), param(ValueType.STRING), param(ValueType.STRING), literal(ValueType.BOOLEAN)),
    CIDR_MATCH("cidrMatch", ValueType.BOOLEAN, false, 2, Integer.MAX_VALUE,
            param(ValueType.STRING), literal(ValueType.STRING)),
    CONCAT("concat", ValueType.STRING, false, 1, Integer.MAX_VALUE, param(ValueType.ANY)),
    DIVIDE("divide", ValueType.NUMBER, false, 2, 2, param(ValueType.NUMBER), param(ValueType.NUMBER)),
    ENDS_WITH("endsWith", ValueType.BOOLEAN, true, 2, 2, param(ValueType.STRING), param(ValueType.STRING)),
    INDEX_OF("indexOf", ValueType.NUMBER, true, 2, 3,
            param(ValueType.STRING), param(ValueType.STRING), param(ValueType.INTEGER)),
    LENGTH("length", ValueType.NUMBER, false, 1, 1, param(ValueType.STRING)),
    MODULO("modulo", ValueType.NUMBER, false, 2, 2, param(ValueType.NUMBER), param(ValueType.NUMBER)),
    MULTIPLY("multiply", ValueType.NUMBER, false, 2, 2, param(ValueType.NUMBER), param(ValueType.NUMBER)),
    NUMBER("number", ValueType.NUMBER, false, 1, 2, param(ValueType.STRING), literal(ValueType.INTEGER)),
    STARTS_WITH("startsWith", ValueType.BOOLEAN, true, 2, 2, param(ValueType.STRING), param(ValueType.STRING)),
    STRING("string", ValueType.STRING, false, 1, 1, param(ValueType.ANY)),
    STRING_CONTAINS("stringContains", ValueType.BOOLEAN, true, 2, 2,
            param(ValueType.STRING), param(ValueType.STRING)),
    SUBSTRING("substring", ValueType.STRING, false, 2, 3,
            param(ValueType.STRING), param(ValueType.INTEGER), param(ValueType.INTEGER)),
    SUBTRACT("subtract", ValueType.NUMBER, false, 2, 2, param(ValueType.NUMBER), param(ValueType.NUMBER));

    /** One parameter: the type it accepts and whether it must be a literal. */
    public record Param(ValueType type, boolean literalOnly) {}

    private final String eqlName;
    private final ValueType returnType;
    private final boolean caseInsensitiveForm;
    private final int minArgs;
    private final int maxArgs;
    private final List<Param> params;

    EqlFunction(String eqlName, ValueType returnType, boolean caseInsensitiveForm, int minArgs, int maxArgs,
            Param... params) {
        this.eqlName = eqlName;
        this.returnType = returnType;
        this.caseInsensitiveForm = caseInsensitiveForm;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.params = List.of(params);
    }

    private static Param param(ValueType type) {
        return new Param(type, false);
    }

    private static Param literal(ValueType type) {
        return new Param(type, true);
    }

    /** The function's documented name, e.g. {@code stringContains}. */
    public String eqlName() {
        return eqlName;
    }

    public ValueType returnType() {
        return returnType;
    }

    /** Whether {@code name~(...)} exists for this function. */
    public boolean hasCaseInsensitiveForm() {
        return caseInsensitiveForm;
    }

    public int minArgs() {
        return minArgs;
    }

    /** {@link Integer#MAX_VALUE} for functions taking any number of trailing arguments. */
    public int maxArgs() {
        return maxArgs;
    }

    /** The parameter at 0-based {@code index}; variadic functions repeat their last parameter. */
    public Param param(int index) {
        return params.get(Math.min(index, params.size() - 1));
    }

    /** The function called {@code name} (ASCII case-insensitive), or {@code null}. */
    public static EqlFunction byName(String name) {
        for (EqlFunction f : values()) {
            if (f.eqlName.toLowerCase(Locale.ROOT).equals(asciiLowerCase(name))) {
                return f;
            }
        }
        return null;
    }

    // ASCII only, so that no Unicode folding (Kelvin sign, dotless i) turns an unknown name into a known one.
    private static String asciiLowerCase(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
