package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.And;
import io.threatstream.detect.rule.eql.ast.AstPrinter;
import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.Comparison;
import io.threatstream.detect.rule.eql.ast.ComparisonOp;
import io.threatstream.detect.rule.eql.ast.EqlFunction;
import io.threatstream.detect.rule.eql.ast.Expr;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.InList;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.Not;
import io.threatstream.detect.rule.eql.ast.NullLiteral;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.Or;
import io.threatstream.detect.rule.eql.ast.PatternKind;
import io.threatstream.detect.rule.eql.ast.PatternMatch;
import io.threatstream.detect.rule.eql.ast.Query;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import io.threatstream.detect.rule.eql.ast.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for single-event EQL queries ({@code <category> where <condition>}),
 * one method per grammar rule. Precedence: {@code or} &lt; {@code and} &lt; {@code not} &lt;
 * tests. Sequences, samples, joins and pipes are rejected with a positioned message, as is any
 * input left after the query. Function calls are checked against {@link EqlFunction}: name, the
 * {@code ~} form, argument count and the types of literal arguments.
 *
 * <p>Restrictions beyond Elasticsearch: a comparison needs a literal on one side (Elasticsearch
 * rejects field-to-field comparisons too), list and pattern elements must be literals, and the
 * arithmetic operators {@code + - * / %} are not supported (the functions {@code add} ... are).
 */
public final class EqlParser {

    private final Lexer lexer;
    private final List<Token> lookahead = new ArrayList<>();

    private EqlParser(String input) {
        this.lexer = new Lexer(input);
    }

    /** Parses a whole query. */
    public static Query parse(String eql) throws EqlException {
        return new EqlParser(eql).query();
    }

    // query := (SEQUENCE | JOIN | SAMPLE) ...          -- rejected
    //        | eventFilter EOF                          -- a PIPE before EOF is rejected
    private Query query() throws EqlException {
        Token first = peek(0);
        switch (first.type()) {
            case SEQUENCE -> throw unsupported(first, "sequence");
            case JOIN -> throw unsupported(first, "join");
            case SAMPLE -> throw unsupported(first, "sample");
            default -> { }
        }
        Query query = eventFilter();
        Token rest = peek(0);
        if (rest.type() == TokenType.PIPE) {
            Token name = peek(1);
            String pipe = name.type() == TokenType.IDENTIFIER ? "| " + name.text() : "|";
            throw new EqlException(rest.position(),
                    "Pipe [" + pipe + "] is not supported; only single-event queries are");
        }
        if (rest.type() != TokenType.EOF) {
            throw new EqlException(rest.position(), "Unexpected " + rest.describe() + " after the end of the query");
        }
        return query;
    }

    private static EqlException unsupported(Token token, String kind) {
        return new EqlException(token.position(),
                kind + " queries are not supported; only single-event queries are");
    }

    // eventFilter := (ANY | IDENTIFIER | STRING) WHERE condition
    private Query eventFilter() throws EqlException {
        Token category = next();
        String name = switch (category.type()) {
            case ANY -> null;
            case IDENTIFIER, STRING -> category.value();
            case FIELD_NAME -> throw new EqlException(category.position(), "Event category " + category.describe()
                    + " must be written as a string, e.g. [\"" + category.value() + "\"]");
            default -> throw new EqlException(category.position(),
                    "Expected an event category or [any], found " + category.describe());
        };
        expect(TokenType.WHERE, "[where] after the event category");
        return new Query(category.position(), name, condition());
    }

    // condition := orCondition
    private Expr condition() throws EqlException {
        return orCondition();
    }

    // orCondition := andCondition (OR andCondition)*
    private Expr orCondition() throws EqlException {
        Expr left = andCondition();
        while (peek(0).type() == TokenType.OR) {
            Token or = next();
            left = new Or(or.position(), left, andCondition());
        }
        return left;
    }

    // andCondition := notCondition (AND notCondition)*
    private Expr andCondition() throws EqlException {
        Expr left = notCondition();
        while (peek(0).type() == TokenType.AND) {
            Token and = next();
            left = new And(and.position(), left, notCondition());
        }
        return left;
    }

    // notCondition := NOT notCondition | predicate
    private Expr notCondition() throws EqlException {
        if (peek(0).type() == TokenType.NOT) {
            Token not = next();
            return new Not(not.position(), notCondition());
        }
        return predicate();
    }

    // predicate := LPAREN condition RPAREN | operand predicateTail?
    private Expr predicate() throws EqlException {
        Token start = peek(0);
        if (start.type() == TokenType.LPAREN) {
            next();
            Expr inner = condition();
            expect(TokenType.RPAREN, "[)] to close the [(] at " + start.position());
            if (startsTail(peek(0))) {
                Token op = peek(0);
                throw new EqlException(op.position(), op.describe()
                        + " cannot test a parenthesized condition; put a field or function on its left");
            }
            return inner;
        }
        if (!startsOperand(start)) {
            throw new EqlException(start.position(), "Expected a condition, found " + start.describe());
        }
        Expr operand = operand();
        rejectArithmetic();
        if (!startsTail(peek(0))) {
            return standalone(operand);
        }
        return predicateTail(operand);
    }

    /** An operand with no operator after it must be a condition in itself. */
    private static Expr standalone(Expr operand) throws EqlException {
        if (operand instanceof BooleanLiteral) {
            return operand;
        }
        if (operand instanceof FunctionCall call) {
            if (call.function().returnType() == ValueType.BOOLEAN) {
                return call;
            }
            throw new EqlException(call.position(), "Function [" + call.function().eqlName() + "] returns "
                    + call.function().returnType().description() + ", not a condition; compare its result");
        }
        if (operand instanceof Field field) {
            throw new EqlException(field.position(), "Field [" + field.path()
                    + "] is not a condition; compare it with an operator such as [==] or [:]");
        }
        throw new EqlException(operand.position(), "[" + AstPrinter.print(operand) + "] is not a condition");
    }

    // predicateTail := comparisonOperator operand
    //                | NOT? (IN | IN_INSENSITIVE) LPAREN literal (COMMA literal)* RPAREN
    //                | (COLON | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) patternList
    private Expr predicateTail(Expr subject) throws EqlException {
        Token op = next();
        ComparisonOp comparison = comparisonOp(op.type());
        if (comparison != null) {
            Expr right = valueAfter(op);
            rejectArithmetic();
            return comparison(op, subject, comparison, right);
        }
        rejectBooleanFunction(subject, op);
        switch (op.type()) {
            case NOT -> {
                Token in = next();
                if (in.type() != TokenType.IN && in.type() != TokenType.IN_INSENSITIVE) {
                    throw new EqlException(in.position(), "Expected [in] or [in~] after [not], found " + in.describe());
                }
                return new Not(op.position(), inList(in, subject));
            }
            case IN, IN_INSENSITIVE -> {
                return inList(op, subject);
            }
            default -> {
                return new PatternMatch(op.position(), subject, patternKind(op.type()), patternList(op));
            }
        }
    }

    private Comparison comparison(Token op, Expr left, ComparisonOp comparison, Expr right) throws EqlException {
        rejectBooleanFunction(left, op);
        rejectBooleanFunction(right, op);
        if (!(left instanceof Literal) && !(right instanceof Literal)) {
            throw new EqlException(op.position(), "Comparing [" + AstPrinter.print(left) + "] with ["
                    + AstPrinter.print(right) + "] is not supported; one side of " + op.describe()
                    + " must be a literal");
        }
        return new Comparison(op.position(), left, comparison, right);
    }

    private static void rejectBooleanFunction(Expr operand, Token op) throws EqlException {
        if (operand instanceof FunctionCall call && call.function().returnType() == ValueType.BOOLEAN) {
            throw new EqlException(call.position(), "Function [" + call.function().eqlName()
                    + "] is a condition and cannot be tested with " + op.describe());
        }
    }

    // (IN | IN_INSENSITIVE) LPAREN literal (COMMA literal)* RPAREN
    private InList inList(Token in, Expr subject) throws EqlException {
        expect(TokenType.LPAREN, "[(] after " + in.describe());
        List<Literal> values = new ArrayList<>();
        do {
            values.add(listLiteral(in));
        } while (accept(TokenType.COMMA));
        expect(TokenType.RPAREN, "[,] or [)] in the " + in.describe() + " list");
        return new InList(in.position(), subject, in.type() == TokenType.IN_INSENSITIVE, values);
    }

    // patternList := literal | LPAREN literal (COMMA literal)* RPAREN
    private List<Literal> patternList(Token op) throws EqlException {
        List<Literal> patterns = new ArrayList<>();
        if (accept(TokenType.LPAREN)) {
            do {
                patterns.add(pattern(op));
            } while (accept(TokenType.COMMA));
            expect(TokenType.RPAREN, "[,] or [)] in the " + op.describe() + " list");
        } else {
            patterns.add(pattern(op));
        }
        return patterns;
    }

    private Literal pattern(Token op) throws EqlException {
        Literal literal = listLiteral(op);
        if (literal instanceof NullLiteral) {
            throw new EqlException(literal.position(), op.describe() + " needs a pattern, found [null]");
        }
        return literal;
    }

    private Literal listLiteral(Token op) throws EqlException {
        Token start = peek(0);
        if (!startsOperand(start)) {
            throw new EqlException(start.position(), "Expected a literal after " + op.describe() + ", found "
                    + start.describe());
        }
        Expr value = operand();
        if (value instanceof Literal literal) {
            return literal;
        }
        throw new EqlException(value.position(), op.describe() + " accepts only literals, found ["
                + AstPrinter.print(value) + "]");
    }

    private Expr valueAfter(Token op) throws EqlException {
        Token start = peek(0);
        if (!startsOperand(start)) {
            throw new EqlException(start.position(), "Expected a value after " + op.describe() + ", found "
                    + start.describe());
        }
        return operand();
    }

    // operand := literal | field | functionCall
    private Expr operand() throws EqlException {
        Token token = peek(0);
        return switch (token.type()) {
            case STRING, INTEGER, DECIMAL, MINUS, PLUS, TRUE, FALSE, NULL -> literal();
            case TILDE_IDENTIFIER -> functionCall();
            case IDENTIFIER -> peek(1).type() == TokenType.LPAREN ? functionCall() : field();
            default -> field();
        };
    }

    // field := QUESTION? (IDENTIFIER | FIELD_NAME)
    private Field field() throws EqlException {
        Token start = peek(0);
        boolean optional = accept(TokenType.QUESTION);
        Token name = next();
        if (name.type() != TokenType.IDENTIFIER && name.type() != TokenType.FIELD_NAME) {
            throw new EqlException(name.position(), "Expected a field name after [?], found " + name.describe());
        }
        if (peek(0).type() == TokenType.LPAREN) {
            throw new EqlException(name.position(), optional
                    ? "[?] marks an optional field and cannot precede the function call " + name.describe()
                    : name.describe() + " is not a function name");
        }
        if (peek(0).type() == TokenType.LBRACKET) {
            throw new EqlException(peek(0).position(), "Array indexes such as [" + name.text()
                    + "[0]] are not supported; multi-valued fields match when any value does");
        }
        return new Field(start.position(), name.value(), optional);
    }

    // functionCall := (IDENTIFIER | TILDE_IDENTIFIER) LPAREN (operand (COMMA operand)*)? RPAREN
    private FunctionCall functionCall() throws EqlException {
        Token name = next();
        expect(TokenType.LPAREN, "[(] after the function name " + name.describe());
        List<Expr> arguments = new ArrayList<>();
        if (!accept(TokenType.RPAREN)) {
            do {
                Token start = peek(0);
                if (!startsOperand(start)) {
                    throw new EqlException(start.position(), "Expected a function argument, found " + start.describe());
                }
                arguments.add(operand());
                rejectArithmetic();
            } while (accept(TokenType.COMMA));
            expect(TokenType.RPAREN, "[,] or [)] after a function argument");
        }
        return FunctionChecks.check(name, arguments);
    }

    // literal := STRING | number | TRUE | FALSE | NULL
    private Literal literal() throws EqlException {
        Token token = next();
        return switch (token.type()) {
            case STRING -> new StringLiteral(token.position(), token.value());
            case TRUE -> new BooleanLiteral(token.position(), true);
            case FALSE -> new BooleanLiteral(token.position(), false);
            case NULL -> new NullLiteral(token.position());
            default -> number(token);
        };
    }

    // number := (MINUS | PLUS)? (INTEGER | DECIMAL)
    private NumberLiteral number(Token first) throws EqlException {
        String sign = "";
        Token digits = first;
        if (first.type() == TokenType.MINUS || first.type() == TokenType.PLUS) {
            digits = next();
            if (digits.type() != TokenType.INTEGER && digits.type() != TokenType.DECIMAL) {
                throw new EqlException(first.position(), "Unary " + first.describe()
                        + " is only supported before a number, found " + digits.describe());
            }
            sign = first.type() == TokenType.MINUS ? "-" : "";
        }
        String text = sign + digits.text();
        if (digits.type() == TokenType.INTEGER) {
            try {
                return new NumberLiteral(first.position(), Long.parseLong(text));
            } catch (NumberFormatException tooLarge) {
                // Elasticsearch quietly turns integers beyond long into doubles.
            }
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw new EqlException(first.position(), "Number [" + text + "] is out of range");
        }
        return new NumberLiteral(first.position(), value);
    }

    private void rejectArithmetic() throws EqlException {
        Token token = peek(0);
        switch (token.type()) {
            case PLUS, MINUS, STAR, SLASH, PERCENT -> throw new EqlException(token.position(), "Arithmetic operator "
                    + token.describe() + " is not supported; use the functions add, subtract, multiply, divide and modulo");
            default -> { }
        }
    }

    private static boolean startsOperand(Token token) {
        return switch (token.type()) {
            case STRING, INTEGER, DECIMAL, MINUS, PLUS, TRUE, FALSE, NULL, IDENTIFIER, FIELD_NAME, TILDE_IDENTIFIER,
                    QUESTION -> true;
            default -> false;
        };
    }

    private static boolean startsTail(Token token) {
        return switch (token.type()) {
            case EQ, NEQ, LT, LTE, GT, GTE, NOT, IN, IN_INSENSITIVE, COLON, LIKE, LIKE_INSENSITIVE, REGEX,
                    REGEX_INSENSITIVE -> true;
            default -> false;
        };
    }

    private static ComparisonOp comparisonOp(TokenType type) {
        return switch (type) {
            case EQ -> ComparisonOp.EQ;
            case NEQ -> ComparisonOp.NEQ;
            case LT -> ComparisonOp.LT;
            case LTE -> ComparisonOp.LTE;
            case GT -> ComparisonOp.GT;
            case GTE -> ComparisonOp.GTE;
            default -> null;
        };
    }

    private static PatternKind patternKind(TokenType type) {
        return switch (type) {
            case COLON -> PatternKind.COLON;
            case LIKE -> PatternKind.LIKE;
            case LIKE_INSENSITIVE -> PatternKind.LIKE_INSENSITIVE;
            case REGEX -> PatternKind.REGEX;
            case REGEX_INSENSITIVE -> PatternKind.REGEX_INSENSITIVE;
            default -> throw new IllegalStateException("not a pattern operator: " + type);
        };
    }

    private Token expect(TokenType type, String what) throws EqlException {
        Token token = next();
        if (token.type() != type) {
            throw new EqlException(token.position(), "Expected " + what + ", found " + token.describe());
        }
        return token;
    }

    private boolean accept(TokenType type) throws EqlException {
        if (peek(0).type() == type) {
            next();
            return true;
        }
        return false;
    }

    private Token peek(int ahead) throws EqlException {
        while (lookahead.size() <= ahead) {
            lookahead.add(lexer.next());
        }
        return lookahead.get(ahead);
    }

    private Token next() throws EqlException {
        Token token = peek(0);
        lookahead.remove(0);
        return token;
    }
}
