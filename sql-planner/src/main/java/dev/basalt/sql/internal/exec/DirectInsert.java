package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.catalog.Catalog;
import dev.basalt.sql.catalog.ColumnDef;
import dev.basalt.sql.catalog.ColumnType;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.BasaltTypeSystem;
import dev.basalt.sql.internal.calcite.CatalogSchema;
import dev.basalt.sql.internal.calcite.ExecContext;
import dev.basalt.sql.internal.calcite.TypeMapping;
import dev.basalt.sql.parser.SqlParsers;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDateLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlTimeLiteral;
import org.apache.calcite.sql.SqlTimestampLiteral;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.util.BitString;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * {@code INSERT INTO t [(cols)] VALUES (...), ...} whose values are literals, parameters, NULL or
 * DEFAULT: the rows are built here and written straight to the key-value store, without Calcite's
 * planner or generated code (DESIGN.md section 6's key-value path; the loader and NewOrder path).
 * Values are assigned with the engine's checks ({@link dev.basalt.sql.internal.rows.ValueRules}),
 * so a value that does not fit its column fails (22001, 22003) rather than being cut, as Calcite's
 * CAST would. Anything else (expressions, INSERT ... SELECT) goes through the planner.
 */
final class DirectInsert {
    private static final SqlTypeFactoryImpl TYPES = new SqlTypeFactoryImpl(BasaltTypeSystem.INSTANCE);

    /** A value to store: a constant, a parameter, or the statement's clock (CURRENT_TIMESTAMP and friends). */
    sealed interface Source {
    }

    record Constant(Object value) implements Source {
    }

    record Param(int index) implements Source {
    }

    record Now(ColumnType.Kind kind) implements Source {
    }

    private DirectInsert() {
    }

    /** The plan of {@code insert}, or null when it needs the planner. */
    static Plan.Insert plan(SqlInsert insert, CatalogSchema schema) {
        if (!(insert.getTargetTable() instanceof SqlIdentifier target) || !(insert.getSource() instanceof SqlCall source)
                || source.getKind() != SqlKind.VALUES) {
            return null;
        }
        String name = target.names.size() == 2 && target.names.get(0).equals(CatalogSchema.SCHEMA) ? target.names.get(1)
                : target.isSimple() ? target.getSimple() : null;
        Catalog catalog = schema.catalog();
        TableDef table = name == null ? null : catalog.table(name);
        if (table == null) {
            return null; // the planner reports the missing table (or the view) with its position
        }
        List<Integer> targets = targetColumns(insert.getTargetColumnList(), table);
        if (targets == null) {
            return null;
        }
        Map<Integer, RelDataType> paramTypes = new java.util.TreeMap<>();
        List<Source[]> rows = new ArrayList<>();
        for (SqlNode rowNode : source.getOperandList()) {
            if (!(rowNode instanceof SqlCall row) || row.getKind() != SqlKind.ROW) {
                return null;
            }
            List<SqlNode> items = row.getOperandList();
            if (items.size() != targets.size()) {
                throw new BasaltException(ErrorCode.INVALID_STATEMENT, "INSERT has " + items.size() + " values for " + targets.size()
                        + " target columns of \"" + table.name() + "\"");
            }
            Source[] out = defaults(table, targets);
            if (out == null) {
                return null;
            }
            for (int i = 0; i < items.size(); i++) {
                ColumnDef column = table.column(targets.get(i));
                Source s = source(items.get(i), column, paramTypes);
                if (s == null) {
                    return null;
                }
                if (s instanceof Constant c && c.value() == DEFAULT) {
                    Source d = defaultOf(column);
                    if (d == null) {
                        return null;
                    }
                    s = d;
                }
                out[targets.get(i)] = s;
            }
            rows.add(out);
        }
        List<RelDataType> params = new ArrayList<>();
        for (int i = 0; i < paramTypes.size(); i++) {
            if (!paramTypes.containsKey(i)) {
                return null;
            }
            params.add(paramTypes.get(i));
        }
        return new Plan.Insert(table, rows, params, catalog);
    }

    /** Builds the rows of {@code plan} for one execution. */
    static List<Object[]> rows(Plan.Insert plan, ExecContext ctx) {
        List<Object[]> out = new ArrayList<>(plan.rows().size());
        for (Source[] sources : plan.rows()) {
            Object[] row = new Object[sources.length];
            for (int i = 0; i < sources.length; i++) {
                Source s = sources[i];
                if (s instanceof Constant c) {
                    row[i] = c.value();
                } else if (s instanceof Param p) {
                    row[i] = ctx.get("?" + p.index());
                } else if (s instanceof Now n) {
                    long millis = (Long) ctx.get(org.apache.calcite.DataContext.Variable.CURRENT_TIMESTAMP.camelName);
                    row[i] = switch (n.kind()) {
                        case DATE -> (int) Math.floorDiv(millis, 86_400_000L);
                        case TIME -> (int) Math.floorMod(millis, 86_400_000L);
                        default -> millis;
                    };
                }
            }
            out.add(row);
        }
        return out;
    }

    private static final Object DEFAULT = new Object();

    private static List<Integer> targetColumns(SqlNodeList list, TableDef table) {
        List<Integer> targets = new ArrayList<>();
        if (list == null) {
            for (int i = 0; i < table.columns().size(); i++) {
                targets.add(i);
            }
            return targets;
        }
        for (SqlNode n : list) {
            if (!(n instanceof SqlIdentifier id) || !id.isSimple()) {
                return null;
            }
            int position = table.columnIndex(id.getSimple());
            if (position < 0 || targets.contains(position)) {
                return null; // the planner reports it (42703, 42701)
            }
            targets.add(position);
        }
        return targets;
    }

    /** The sources of the columns an INSERT leaves out: their defaults, or NULL; null when one needs the planner. */
    private static Source[] defaults(TableDef table, List<Integer> targets) {
        Source[] out = new Source[table.columns().size()];
        for (int i = 0; i < out.length; i++) {
            if (targets.contains(i)) {
                continue;
            }
            ColumnDef c = table.column(i);
            Source d = defaultOf(c);
            if (d == null) {
                return null;
            }
            out[i] = d;
        }
        return out;
    }

    private static Source defaultOf(ColumnDef c) {
        if (c.defaultSql() == null) {
            return new Constant(null);
        }
        SqlNode expr;
        try {
            expr = SqlParsers.parseExpression(c.defaultSql());
        } catch (BasaltException e) {
            return null;
        }
        return source(expr, c, new java.util.HashMap<>());
    }

    private static Source source(SqlNode node, ColumnDef column, Map<Integer, RelDataType> paramTypes) {
        if (node instanceof SqlDynamicParam p) {
            paramTypes.put(p.getIndex(), TypeMapping.toRelType(TYPES, column.type(), true));
            return new Param(p.getIndex());
        }
        if (node.getKind() == SqlKind.DEFAULT) {
            return new Constant(DEFAULT);
        }
        if (node instanceof SqlIdentifier id && id.isSimple()) {
            // CURRENT_TIMESTAMP and friends parse as identifiers.
            return switch (id.getSimple()) {
                case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP" -> clock(column, ColumnType.Kind.TIMESTAMP);
                case "CURRENT_DATE" -> clock(column, ColumnType.Kind.DATE);
                case "CURRENT_TIME", "LOCALTIME" -> clock(column, ColumnType.Kind.TIME);
                default -> null;
            };
        }
        if (node instanceof SqlBasicCall call && call.getKind() == SqlKind.MINUS_PREFIX
                && call.operand(0) instanceof SqlNumericLiteral n) {
            return new Constant(n.getValueAs(BigDecimal.class).negate());
        }
        if (!(node instanceof SqlLiteral literal)) {
            return null;
        }
        Object value = literal(literal);
        if (value == UNSUPPORTED) {
            return null;
        }
        return new Constant(assignable(value, column));
    }

    private static Source clock(ColumnDef column, ColumnType.Kind produced) {
        ColumnType.Kind target = column.type().kind();
        if (target == produced || (target == ColumnType.Kind.DATE && produced == ColumnType.Kind.TIMESTAMP)) {
            return new Now(target);
        }
        return null;
    }

    private static final Object UNSUPPORTED = new Object();

    private static Object literal(SqlLiteral literal) {
        if (literal.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL) {
            return null;
        }
        if (literal instanceof SqlNumericLiteral n) {
            return n.getValueAs(BigDecimal.class);
        }
        if (literal instanceof SqlCharStringLiteral s) {
            return s.getValueAs(NlsString.class).getValue();
        }
        if (literal instanceof SqlDateLiteral d) {
            return d.getValueAs(DateString.class);
        }
        if (literal instanceof SqlTimestampLiteral t) {
            return t.getValueAs(TimestampString.class);
        }
        if (literal instanceof SqlTimeLiteral t) {
            return t.getValueAs(TimeString.class);
        }
        Object v = literal.getValue();
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof BitString bits) {
            return new ByteString(bits.getAsByteArray());
        }
        return UNSUPPORTED;
    }

    /**
     * The literal as a value for {@code column}: numbers and text as they are (the row checks round
     * and bound them), date and time literals and text in the column's date/time form.
     */
    private static Object assignable(Object value, ColumnDef column) {
        if (value == null) {
            return null;
        }
        ColumnType.Kind kind = column.type().kind();
        try {
            return switch (kind) {
                case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> {
                    if (value instanceof BigDecimal d) {
                        yield d;
                    }
                    if (value instanceof String s) {
                        yield new BigDecimal(s.trim());
                    }
                    throw mismatch(value, column);
                }
                case CHAR, VARCHAR -> value instanceof String ? value : value instanceof BigDecimal d ? d.toPlainString() : value.toString();
                case BOOLEAN -> {
                    if (value instanceof Boolean) {
                        yield value;
                    }
                    yield Values.toInternal(value.toString(), TypeMapping.toRelType(TYPES, column.type(), true), 0);
                }
                case DATE -> value instanceof DateString d ? d.getDaysSinceEpoch()
                        : value instanceof TimestampString t ? (int) Math.floorDiv(t.getMillisSinceEpoch(), 86_400_000L)
                        : Values.toInternal(value.toString(), TypeMapping.toRelType(TYPES, column.type(), true), 0);
                case TIME -> value instanceof TimeString t ? t.getMillisOfDay()
                        : Values.toInternal(value.toString(), TypeMapping.toRelType(TYPES, column.type(), true), 0);
                case TIMESTAMP -> value instanceof TimestampString t ? t.getMillisSinceEpoch()
                        : value instanceof DateString d ? d.getMillisSinceEpoch()
                        : Values.toInternal(value.toString(), TypeMapping.toRelType(TYPES, column.type(), true), 0);
                case VARBINARY -> value instanceof ByteString ? value : new ByteString(value.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            };
        } catch (NumberFormatException e) {
            throw new BasaltException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type " + column.type() + " in column \""
                    + column.name() + "\": \"" + value + "\"");
        }
    }

    private static BasaltException mismatch(Object value, ColumnDef column) {
        return new BasaltException(ErrorCode.DATATYPE_MISMATCH, "column \"" + column.name() + "\" is of type " + column.type()
                + " but the value " + value + " is not");
    }
}
