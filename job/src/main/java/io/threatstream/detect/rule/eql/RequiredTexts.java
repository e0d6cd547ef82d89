package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.And;
import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.Comparison;
import io.threatstream.detect.rule.eql.ast.ComparisonOp;
import io.threatstream.detect.rule.eql.ast.Expr;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.InList;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.NullLiteral;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.Or;
import io.threatstream.detect.rule.eql.ast.PatternMatch;
import io.threatstream.detect.rule.eql.ast.Query;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Derives from a query the {@link RequiredText}s every matching event must contain. Only positive
 * text tests on a field give one; anything else (negations, {@code !=}, null tests, order
 * comparisons, regexes, number literals, functions other than {@code startsWith}, {@code
 * endsWith} and {@code stringContains}) gives none, which is always safe:
 *
 * <ul>
 *   <li>{@code a and b}: the requirements of both; {@code a or b}: one requirement whose
 *       alternatives are those of the best requirement of each side (none if a side has none).
 *   <li>{@code f == "v"} (also with {@code true}/{@code false}), {@code f in ("v", ...)}, {@code
 *       in~}: the values; a {@code null} or a number in the list gives none (a null matches a
 *       missing field; {@code 1.0} equals {@code 1} without sharing its text).
 *   <li>{@code f : "p"}, {@code like}, {@code like~}: per pattern, a literal run between its
 *       wildcards (a number pattern matches as its text, so its text counts too). A pattern that is
 *       all wildcards gives none.
 *   <li>{@code <category> where}: the category ({@code event.category == "<category>"}).
 * </ul>
 *
 * <p>Alternatives are kept few: a text common to all of them (at least {@value #MIN_LENGTH}
 * characters) replaces them, and an alternative containing another is dropped. Requirements whose
 * shortest text is under {@value #MIN_LENGTH} characters are not kept (nearly every event has
 * them), and of the rest at most {@value #MAX_REQUIREMENTS}, longest shortest text first.
 */
final class RequiredTexts {

    static final int MIN_LENGTH = 3;
    static final int MAX_REQUIREMENTS = 3;

    private static final Comparator<RequiredText> RARER_FIRST = Comparator
            .comparingInt(RequiredText::shortestLength).reversed()
            .thenComparingInt(r -> r.alternatives().size());

    private RequiredTexts() {}

    /** The kept requirements of {@code query}, most selective first (by the length heuristic). */
    static List<RequiredText> of(Query query) {
        List<RequiredText> all = new ArrayList<>();
        if (!query.anyCategory()) {
            addIfPresent(all, texts(List.of(query.category()), false));
        }
        all.addAll(of(query.condition()));
        return all.stream()
                .filter(r -> r.shortestLength() >= MIN_LENGTH)
                .distinct()
                .sorted(RARER_FIRST)
                .limit(MAX_REQUIREMENTS)
                .toList();
    }

    /** What every event satisfying {@code expr} contains, as a conjunction. */
    private static List<RequiredText> of(Expr expr) {
        List<RequiredText> out = new ArrayList<>();
        if (expr instanceof And and) {
            out.addAll(of(and.left()));
            out.addAll(of(and.right()));
        } else if (expr instanceof Or or) {
            RequiredText left = best(of(or.left()));
            RequiredText right = best(of(or.right()));
            if (left != null && right != null) {
                List<String> union = new ArrayList<>(left.alternatives());
                union.addAll(right.alternatives());
                addIfPresent(out, texts(union, left.caseInsensitive() || right.caseInsensitive()));
            }
        } else if (expr instanceof Comparison c) {
            addIfPresent(out, equality(c));
        } else if (expr instanceof InList in) {
            addIfPresent(out, membership(in));
        } else if (expr instanceof PatternMatch m) {
            addIfPresent(out, wildcards(m));
        } else if (expr instanceof FunctionCall call) {
            addIfPresent(out, substringFunction(call));
        }
        return out;
    }

    private static RequiredText equality(Comparison c) {
        Expr subject = c.left() instanceof Literal ? c.right() : c.left();
        Expr literal = c.left() instanceof Literal ? c.left() : c.right();
        if (c.op() != ComparisonOp.EQ || !(subject instanceof Field)
                || !(literal instanceof StringLiteral || literal instanceof BooleanLiteral)) {
            return null;
        }
        return texts(List.of(((Literal) literal).text()), false);
    }

    private static RequiredText membership(InList in) {
        if (!(in.value() instanceof Field)) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (Literal literal : in.values()) {
            if (literal instanceof NullLiteral || literal instanceof NumberLiteral) {
                return null;
            }
            values.add(literal.text());
        }
        return texts(values, in.caseInsensitive());
    }

    private static RequiredText wildcards(PatternMatch m) {
        if (m.kind().regex() || !(m.value() instanceof Field)) {
            return null;
        }
        List<List<String>> runs = new ArrayList<>();
        for (Literal pattern : m.patterns()) {
            if (pattern.text() == null) {
                return null;
            }
            runs.add(literalRuns(pattern.text()));
        }
        return make(runs, m.kind().caseInsensitive());
    }

    private static RequiredText substringFunction(FunctionCall call) {
        boolean substringTest = switch (call.function()) {
            case STARTS_WITH, ENDS_WITH, STRING_CONTAINS -> true;
            default -> false;
        };
        if (!substringTest || !(call.arguments().get(0) instanceof Field)
                || !(call.arguments().get(1) instanceof StringLiteral needle)) {
            return null;
        }
        return texts(List.of(needle.value()), call.caseInsensitive());
    }

    /** Literal texts, each its own single run. */
    private static RequiredText texts(List<String> values, boolean caseInsensitive) {
        List<List<String>> runs = new ArrayList<>();
        for (String value : values) {
            runs.add(List.of(value));
        }
        return make(runs, caseInsensitive);
    }

    /** The runs of a wildcard pattern between its {@code *} and {@code ?}, non-empty ones only. */
    private static List<String> literalRuns(String pattern) {
        List<String> runs = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                if (run.length() > 0) {
                    runs.add(run.toString());
                    run.setLength(0);
                }
            } else {
                run.append(c);
            }
        }
        if (run.length() > 0) {
            runs.add(run.toString());
        }
        return runs;
    }

    /**
     * A requirement over alternatives, alternative {@code i} being satisfied by any text
     * containing one of {@code runs.get(i)}; null when some alternative has no usable run.
     */
    private static RequiredText make(List<List<String>> runs, boolean caseInsensitive) {
        List<List<String>> folded = new ArrayList<>();
        for (List<String> alternative : runs) {
            List<String> usable = new ArrayList<>();
            for (String run : alternative) {
                if (!run.isEmpty() && wellFormed(run)) {
                    usable.add(caseInsensitive ? Text.lower(run) : run);
                }
            }
            if (usable.isEmpty()) {
                return null;
            }
            folded.add(usable);
        }
        String common = longestCommonText(folded);
        if (common.length() >= MIN_LENGTH) {
            return new RequiredText(List.of(common), caseInsensitive);
        }
        Set<String> needles = new LinkedHashSet<>();
        for (List<String> alternative : folded) {
            needles.add(alternative.stream().max(Comparator.comparingInt(String::length)).orElseThrow());
        }
        return new RequiredText(withoutContainers(needles), caseInsensitive);
    }

    /** The longest text that occurs in some run of every alternative ("" if none). */
    private static String longestCommonText(List<List<String>> alternatives) {
        String best = "";
        for (String run : alternatives.get(0)) {
            for (int from = 0; from < run.length(); from++) {
                for (int to = run.length(); to - from > best.length(); to--) {
                    String candidate = run.substring(from, to);
                    if (wellFormed(candidate) && inEvery(candidate, alternatives)) {
                        best = candidate;
                        break;
                    }
                }
            }
        }
        return best;
    }

    private static boolean inEvery(String text, List<List<String>> alternatives) {
        for (List<String> alternative : alternatives) {
            if (alternative.stream().noneMatch(run -> run.contains(text))) {
                return false;
            }
        }
        return true;
    }

    /** Drops every needle that contains another: finding the shorter one is implied. */
    private static List<String> withoutContainers(Set<String> needles) {
        List<String> kept = new ArrayList<>();
        for (String needle : needles) {
            boolean containsOther = needles.stream().anyMatch(other -> !other.equals(needle) && needle.contains(other));
            if (!containsOther) {
                kept.add(needle);
            }
        }
        return kept;
    }

    /** No unpaired surrogate: the text has a UTF-8 form that a record's bytes could contain. */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static RequiredText best(List<RequiredText> requirements) {
        return requirements.stream().min(RARER_FIRST).orElse(null);
    }

    private static void addIfPresent(List<RequiredText> out, RequiredText requirement) {
        if (requirement != null) {
            out.add(requirement);
        }
    }
}
