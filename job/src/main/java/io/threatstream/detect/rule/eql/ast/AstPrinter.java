package io.threatstream.detect.rule.eql.ast;

import java.util.List;

/**
 * Prints an AST as canonical EQL: every test and boolean operation in parentheses, strings with
 * escapes, numbers in canonical form. The output parses back to the same tree (apart from
 * positions), which makes operator precedence visible in tests and logs.
 */
public final class AstPrinter {

    private AstPrinter() {}

    public static String print(Query query) {
        String category = query.anyCategory() ? "any" : categoryName(query.category());
        return category + " where " + print(query.condition());
    }

    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        append(out, expr);
        return out.toString();
    }

    private static void append(StringBuilder out, Expr expr) {
        if (expr instanceof And and) {
            binary(out, and.left(), "and", and.right());
        } else if (expr instanceof Or or) {
            binary(out, or.left(), "or", or.right());
        } else if (expr instanceof Not not) {
            out.append("(not ");
            append(out, not.operand());
            out.append(')');
        } else if (expr instanceof Comparison c) {
            out.append('(');
            append(out, c.left());
            out.append(' ').append(c.op().symbol()).append(' ');
            append(out, c.right());
            out.append(')');
        } else if (expr instanceof InList in) {
            out.append('(');
            append(out, in.value());
            out.append(in.caseInsensitive() ? " in~ " : " in ");
            list(out, in.values());
            out.append(')');
        } else if (expr instanceof PatternMatch m) {
            out.append('(');
            append(out, m.value());
            out.append(' ').append(m.kind().symbol()).append(' ');
            list(out, m.patterns());
            out.append(')');
        } else if (expr instanceof FunctionCall call) {
            out.append(call.function().eqlName()).append(call.caseInsensitive() ? "~(" : "(");
            for (int i = 0; i < call.arguments().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, call.arguments().get(i));
            }
            out.append(')');
        } else if (expr instanceof Field field) {
            out.append(field.optional() ? "?" : "").append(fieldName(field.path()));
        } else if (expr instanceof StringLiteral s) {
            quote(out, s.value());
        } else if (expr instanceof Literal literal) {
            out.append(literal instanceof NullLiteral ? "null" : literal.text());
        } else {
            throw new IllegalStateException("unknown node " + expr.getClass());
        }
    }

    private static void binary(StringBuilder out, Expr left, String op, Expr right) {
        out.append('(');
        append(out, left);
        out.append(' ').append(op).append(' ');
        append(out, right);
        out.append(')');
    }

    private static void list(StringBuilder out, List<? extends Expr> items) {
        out.append('(');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            append(out, items.get(i));
        }
        out.append(')');
    }

    private static String categoryName(String category) {
        if (isPlainIdentifier(category) && !isKeyword(category)) {
            return category;
        }
        StringBuilder out = new StringBuilder();
        quote(out, category);
        return out.toString();
    }

    /** Each segment of the path as is when it is an identifier, else in backquotes. */
    private static String fieldName(String path) {
        StringBuilder out = new StringBuilder();
        String[] segments = path.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('.');
            }
            String segment = segments[i];
            boolean plain = i == 0 ? isPlainIdentifier(segment) && !isKeyword(segment) : isSegment(segment);
            if (plain) {
                out.append(segment);
            } else {
                out.append('`').append(segment.replace("`", "``")).append('`');
            }
        }
        return out.toString();
    }

    private static boolean isPlainIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (!(isLetter(first) || first == '_' || first == '@')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSegment(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_' || c == '@')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKeyword(String s) {
        return switch (s) {
            case "and", "or", "not", "in", "like", "regex", "where", "any", "true", "false", "null", "sequence",
                    "join", "sample" -> true;
            default -> false;
        };
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append("\\u{").append(String.format("%02x", (int) c)).append('}');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
