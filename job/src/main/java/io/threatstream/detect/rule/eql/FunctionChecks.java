package io.threatstream.detect.rule.eql;

import io.threatstream.detect.rule.eql.ast.AstPrinter;
import io.threatstream.detect.rule.eql.ast.BooleanLiteral;
import io.threatstream.detect.rule.eql.ast.EqlFunction;
import io.threatstream.detect.rule.eql.ast.Expr;
import io.threatstream.detect.rule.eql.ast.Field;
import io.threatstream.detect.rule.eql.ast.FunctionCall;
import io.threatstream.detect.rule.eql.ast.Literal;
import io.threatstream.detect.rule.eql.ast.NullLiteral;
import io.threatstream.detect.rule.eql.ast.NumberLiteral;
import io.threatstream.detect.rule.eql.ast.StringLiteral;
import io.threatstream.detect.rule.eql.ast.ValueType;
import java.util.List;

/** Resolves a function name and checks a call's arguments against the function's signature. */
final class FunctionChecks {

    private FunctionChecks() {}

    static FunctionCall check(Token name, List<Expr> arguments) throws EqlException {
        boolean tilde = name.type() == TokenType.TILDE_IDENTIFIER;
        EqlFunction function = EqlFunction.byName(name.value());
        if (function == null) {
            throw new EqlException(name.position(), "Unknown function [" + name.value() + "]");
        }
        String fn = function.eqlName();
        if (tilde && !function.hasCaseInsensitiveForm()) {
            throw new EqlException(name.position(), "Function [" + fn + "] has no case-insensitive form [" + fn + "~]");
        }
        int count = arguments.size();
        if (count < function.minArgs() || count > function.maxArgs()) {
            throw new EqlException(name.position(), "Function [" + fn + "] expects " + arity(function)
                    + ", found " + count);
        }
        for (int i = 0; i < count; i++) {
            checkArgument(function, i, arguments.get(i));
        }
        return new FunctionCall(name.position(), function, tilde, arguments);
    }

    private static String arity(EqlFunction function) {
        int min = function.minArgs();
        int max = function.maxArgs();
        if (max == Integer.MAX_VALUE) {
            return "at least " + plural(min);
        }
        if (min == max) {
            return plural(min);
        }
        return min + (max == min + 1 ? " or " : " to ") + max + " arguments";
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }

    private static void checkArgument(EqlFunction function, int index, Expr argument) throws EqlException {
        EqlFunction.Param param = function.param(index);
        String where = "Argument " + (index + 1) + " of [" + function.eqlName() + "]";
        if (param.literalOnly() && !(argument instanceof Literal)) {
            throw new EqlException(argument.position(), where + " must be a literal, found ["
                    + AstPrinter.print(argument) + "]");
        }
        if (argument instanceof FunctionCall call) {
            ValueType returned = call.function().returnType();
            if (!accepts(param.type(), returned)) {
                throw new EqlException(argument.position(), where + " must be " + param.type().description()
                        + ", found [" + call.function().eqlName() + "(...)], which returns " + returned.description());
            }
        } else if (argument instanceof Literal literal && !(literal instanceof NullLiteral)
                && !literalFits(param.type(), literal)) {
            throw new EqlException(argument.position(), where + " must be " + param.type().description()
                    + ", found [" + AstPrinter.print(literal) + "]");
        } else if (!(argument instanceof Field) && !(argument instanceof Literal)) {
            throw new EqlException(argument.position(), where + " must be a field, literal or function call, found ["
                    + AstPrinter.print(argument) + "]");
        }
    }

    private static boolean accepts(ValueType param, ValueType returned) {
        return switch (param) {
            case STRING -> returned == ValueType.STRING;
            case NUMBER, INTEGER -> returned == ValueType.NUMBER;
            case ANY -> returned == ValueType.STRING || returned == ValueType.NUMBER;
            case BOOLEAN -> false;
        };
    }

    private static boolean literalFits(ValueType param, Literal literal) {
        return switch (param) {
            case STRING -> literal instanceof StringLiteral;
            case NUMBER -> literal instanceof NumberLiteral;
            case INTEGER -> literal instanceof NumberLiteral n && n.integral();
            case BOOLEAN -> literal instanceof BooleanLiteral;
            case ANY -> true;
        };
    }
}
