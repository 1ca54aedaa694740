package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.calcite.tools.ValidationException;

/**
 * Calcite's exceptions as Basalt errors with PostgreSQL's SQLStates. Calcite reports validation
 * failures as one exception type with a message from its resource bundle; the message's pattern
 * says which failure it was. Runtime failures of generated code arrive as Java exceptions.
 */
final class CalciteErrors {
    private record Rule(Pattern pattern, ErrorCode code) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("(Object|Table) '.*' not found"), ErrorCode.UNDEFINED_TABLE),
            new Rule(Pattern.compile("Column '.*' not found|Unknown target column|Unknown field"), ErrorCode.UNDEFINED_COLUMN),
            new Rule(Pattern.compile("Column '.*' is ambiguous"), ErrorCode.AMBIGUOUS_COLUMN),
            new Rule(Pattern.compile("No match found for function signature|Cannot apply '.*' to arguments"), ErrorCode.UNDEFINED_FUNCTION),
            new Rule(Pattern.compile("is not being grouped|Aggregate expressions cannot be nested|must be an aggregate"), ErrorCode.GROUPING_ERROR),
            new Rule(Pattern.compile("Cannot assign to target field|Type mismatch|Cannot infer type|incompatible|Illegal use of dynamic parameter"),
                    ErrorCode.DATATYPE_MISMATCH),
            new Rule(Pattern.compile("Target column '.*' is assigned more than once|Duplicate name"), ErrorCode.DUPLICATE_COLUMN),
            new Rule(Pattern.compile("has no default value and does not allow NULLs"), ErrorCode.NOT_NULL_VIOLATION));

    private static final Pattern NOT_NULL = Pattern.compile("Column '(.*)' has no default value and does not allow NULLs");
    private static final Pattern MISSING_COLUMN = Pattern.compile("^Column '([^']*)' not found in any table");
    private static final Pattern MISSING_TABLE = Pattern.compile("^(?:Object|Table) '([^']*)' not found$");

    /** How deep a chain of causes is searched for the specific failure. */
    static final int CAUSE_DEPTH_MAX = 16;

    private CalciteErrors() {
    }

    private static boolean specific(Throwable t) {
        return t instanceof BasaltException || t instanceof CalciteContextException || t instanceof SqlParseException
                || t instanceof SqlValidatorException;
    }

    static BasaltException translate(Throwable e, String sql) {
        // Calcite wraps what went wrong (ValidationException, reflection, RuntimeException); the
        // innermost cause is the most specific.
        Throwable t = e;
        for (int depth = 0; depth < CAUSE_DEPTH_MAX && t.getCause() != null && t.getCause() != t && !specific(t); depth++) {
            t = t.getCause();
        }
        if (t instanceof BasaltException be) {
            return be;
        }
        if (t instanceof SqlParseException p) {
            return new BasaltException(ErrorCode.SYNTAX_ERROR, firstLine(p.getMessage()), p);
        }
        if (t instanceof CalciteContextException c) {
            String where = c.getPosLine() > 0 ? " (line " + c.getPosLine() + ", column " + c.getPosColumn() + ")" : "";
            String message = c.getCause() instanceof SqlValidatorException v ? v.getMessage() : c.getMessage();
            java.util.regex.Matcher notNull = NOT_NULL.matcher(message);
            if (notNull.find()) {
                return new BasaltException(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + notNull.group(1)
                        + "\" violates not-null constraint" + where, c);
            }
            // The two everyone meets, in PostgreSQL's words.
            java.util.regex.Matcher column = MISSING_COLUMN.matcher(message);
            if (column.find()) {
                return new BasaltException(ErrorCode.UNDEFINED_COLUMN, "column \"" + column.group(1) + "\" does not exist" + where, c);
            }
            java.util.regex.Matcher table = MISSING_TABLE.matcher(message);
            if (table.find()) {
                return new BasaltException(ErrorCode.UNDEFINED_TABLE, "relation \"" + table.group(1) + "\" does not exist" + where, c);
            }
            return new BasaltException(classify(message), message + where, c);
        }
        if (t instanceof SqlValidatorException v) {
            return new BasaltException(classify(v.getMessage()), v.getMessage(), v);
        }
        return runtime(t, sql);
    }

    /** A failure raised while generated code ran (a division by zero, a bad cast). */
    static BasaltException runtime(Throwable failure, String sql) {
        Throwable t = failure;
        for (int depth = 0; depth < CAUSE_DEPTH_MAX && !(t instanceof BasaltException) && t.getCause() != null && t.getCause() != t; depth++) {
            t = t.getCause(); // generated code wraps what went wrong
        }
        if (t instanceof BasaltException be) {
            return be;
        }
        String message = String.valueOf(t.getMessage());
        if (t instanceof ArithmeticException) {
            if (message.contains("by zero") || message.contains("Division undefined") || message.contains("Division by zero")) {
                return new BasaltException(ErrorCode.DIVISION_BY_ZERO, "division by zero", failure);
            }
            return new BasaltException(ErrorCode.NUMERIC_OUT_OF_RANGE, "numeric value out of range: " + message, failure);
        }
        if (t instanceof NumberFormatException) {
            return new BasaltException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for a number: " + message, failure);
        }
        if (message.contains("more than one value in agg SINGLE_VALUE")) {
            return new BasaltException(ErrorCode.CARDINALITY_VIOLATION, "more than one row returned by a subquery used as an expression",
                    failure);
        }
        if (message.contains("Overflow") || message.contains("out of range")) {
            return new BasaltException(ErrorCode.NUMERIC_OUT_OF_RANGE, message, failure);
        }
        if (message.contains("Invalid DATE") || message.contains("Invalid TIMESTAMP") || message.contains("Invalid TIME")
                || message.contains("date") && t instanceof IllegalArgumentException) {
            return new BasaltException(ErrorCode.INVALID_DATETIME, message, failure);
        }
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException && message.contains("cast")) {
            return new BasaltException(ErrorCode.INVALID_TEXT_REPRESENTATION, message, failure);
        }
        return new BasaltException(ErrorCode.INTERNAL_ERROR, t.getClass().getSimpleName() + ": " + message + " (in: "
                + Statements.abbreviate(sql) + ")", failure);
    }

    private static ErrorCode classify(String message) {
        for (Rule r : RULES) {
            if (r.pattern().matcher(message).find()) {
                return r.code();
            }
        }
        return ErrorCode.INVALID_STATEMENT;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
