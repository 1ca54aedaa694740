package dev.basalt.sql.internal.exec;

import dev.basalt.common.BasaltException;
import dev.basalt.common.ErrorCode;
import dev.basalt.sql.result.ResultColumn;
import dev.basalt.sql.catalog.TableDef;
import dev.basalt.sql.internal.calcite.BasaltConnectionConfig;
import dev.basalt.sql.internal.calcite.BasaltTable;
import dev.basalt.sql.internal.calcite.BasaltTypeSystem;
import dev.basalt.sql.internal.calcite.CatalogSchema;
import dev.basalt.sql.internal.calcite.InformationSchema;
import dev.basalt.sql.internal.calcite.Parsing;
import dev.basalt.sql.internal.calcite.TypeMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import dev.basalt.sql.internal.calcite.AccessPath;
import dev.basalt.sql.parser.SqlExplainQuery;

/**
 * SQL text to a {@link Plan}: parse, classify, and for queries and DML validate, convert to
 * relational algebra, optimize to Calcite's Enumerable convention and compile. One planner per
 * statement (Calcite's {@link Planner} is single-use); the {@link PlanCache} keeps the result.
 */
public final class StatementPlanner {
    private StatementPlanner() {
    }

    public static Plan plan(CatalogSchema schema, SqlNode parsed, String sql) {
        if (parsed instanceof SqlExplainQuery explain) {
            return explain(schema, explain, sql);
        }
        return plan(schema, parsed, sql, null);
    }

    /** What planning for EXPLAIN gathers besides the plan: the operators to print, and probe numbers. */
    private static final class Explaining {
        /** EXPLAIN ANALYZE: compile the plan with probes. */
        final boolean probes;
        final List<Explain.Operator> operators = new ArrayList<>();
        int nextProbe;
        int writeProbe = -1;
        int lockProbe = -1;

        Explaining(boolean probes) {
            this.probes = probes;
        }

        /** A probe number for a measurement the executor takes itself, or -1 without ANALYZE. */
        int executorProbe() {
            return probes ? nextProbe++ : -1;
        }
    }

    private static final java.util.regex.Pattern EXPLAIN_PREFIX = java.util.regex.Pattern.compile("(?is)^EXPLAIN\\s+(ANALYZE\\s+)?");

    /**
     * {@code EXPLAIN [ANALYZE] statement}: the statement planned as it would be on its own (so it
     * fails with the SQLState it would fail with), plus the operators to print. The plan is the
     * same whatever the parameters' values (access paths are chosen without them).
     */
    private static Plan explain(CatalogSchema schema, SqlExplainQuery explain, String sql) {
        SqlNode statement = explain.getStatement();
        if (Statements.isControl(statement) || Statements.isDdl(statement) || statement instanceof SqlExplainQuery) {
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "EXPLAIN shows the plans of SELECT, INSERT, UPDATE and DELETE statements, "
                    + "not of " + Statements.abbreviate(Statements.unparse(statement)));
        }
        // The statement's own text when the prefix is plain (its errors then quote what was written).
        java.util.regex.Matcher prefix = EXPLAIN_PREFIX.matcher(sql);
        String text = prefix.lookingAt() && (prefix.group(1) != null) == explain.isAnalyze() ? sql.substring(prefix.end())
                : Statements.unparse(statement);
        Explaining explaining = new Explaining(explain.isAnalyze());
        Plan plan = plan(schema, statement, text, explaining);
        return new Plan.Explain(explain.isAnalyze(), plan, text, List.copyOf(explaining.operators), explaining.nextProbe,
                explaining.writeProbe, explaining.lockProbe);
    }

    private static Plan plan(CatalogSchema schema, SqlNode parsed, String sql, Explaining explaining) {
        if (Statements.isControl(parsed)) {
            return new Plan.Control(parsed);
        }
        if (Statements.isDdl(parsed)) {
            return new Plan.Ddl(parsed);
        }
        SqlKind kind = parsed.getKind();
        if (!SqlKind.QUERY.contains(kind) && !SqlKind.DML.contains(kind) && !Statements.isForUpdate(parsed)) {
            throw new BasaltException(ErrorCode.SYNTAX_ERROR, "statement " + kind + " is not supported: " + Statements.abbreviate(sql));
        }
        if (parsed instanceof SqlUpdate update) {
            LiteralAssignments.check(update, schema.catalog());
        }
        if (parsed instanceof SqlInsert insert) {
            Plan direct = DirectInsert.plan(insert, schema);
            if (direct != null) {
                if (explaining != null) {
                    Plan.Insert i = (Plan.Insert) direct;
                    explaining.writeProbe = explaining.executorProbe();
                    explaining.operators.add(new Explain.Operator("Insert into " + i.table().name() + "  values: " + i.rows().size()
                            + (i.rows().size() == 1 ? " row" : " rows") + " (written directly, without the optimizer)",
                            explaining.writeProbe, List.of()));
                }
                return direct;
            }
        }
        Planner planner = Frameworks.getPlanner(config(schema));
        try {
            SqlNode query = Statements.isForUpdate(parsed) ? Statements.forUpdateQuery(parsed) : parsed;
            // The framework planner parses its own copy (validation mutates the tree it is given).
            SqlNode reparsed = planner.parse(query == parsed ? sql : Statements.unparse(query));
            SqlNode validated = planner.validate(reparsed);
            RelRoot root = planner.rel(validated);
            if (root.rel instanceof TableModify modify) {
                return dml(planner, modify, schema, explaining);
            }
            RelNode logical = root.project();
            List<RelDataType> params = paramTypes(logical);
            Compiled compiled = compile(planner, logical, explaining);
            TableDef lockTable = null;
            Bindable<?> lockRows = null;
            if (Statements.isForUpdate(parsed)) {
                lockTable = singleTable(logical);
                int lockProbe = explaining == null ? -1 : explaining.executorProbe();
                Compiled lock = lockRows(schema, query, params.size(), explaining);
                lockRows = lock.bindable();
                if (explaining != null) {
                    explaining.lockProbe = lockProbe;
                    explaining.operators.add(new Explain.Operator("LockRows " + lockTable.name() + "  (locks the rows below, then the "
                            + "query runs)", lockProbe, List.of(lock.operator())));
                }
            }
            if (explaining != null) {
                explaining.operators.add(compiled.operator());
            }
            List<RelDataType> rowTypes = new ArrayList<>();
            root.validatedRowType.getFieldList().forEach(f -> rowTypes.add(f.getType()));
            return new Plan.Query(compiled.bindable(), columns(root), rowTypes, params, lockTable, lockRows, compiled.explain());
        } catch (BasaltException e) {
            throw e;
        } catch (Exception | AssertionError | ExceptionInInitializerError e) {
            // A constant expression that fails (1 / 0) fails while the compiled plan initializes.
            throw CalciteErrors.translate(e, sql);
        } finally {
            planner.close();
        }
    }

    private static Plan dml(Planner planner, TableModify modify, CatalogSchema schema, Explaining explaining) throws Exception {
        RelOptTable target = modify.getTable();
        BasaltTable table = target.unwrap(BasaltTable.class);
        if (table == null) {
            List<String> name = target.getQualifiedName();
            if (InformationSchema.contains(name)) {
                throw InformationSchema.notWritable(modify.getOperation().name(), name.get(name.size() - 1));
            }
            throw new BasaltException(ErrorCode.INVALID_STATE, "cannot " + modify.getOperation().name().toLowerCase(java.util.Locale.ROOT)
                    + " view \"" + name.get(name.size() - 1) + "\": views are read-only");
        }
        Plan.DmlKind kind = switch (modify.getOperation()) {
            case INSERT -> Plan.DmlKind.INSERT;
            case UPDATE -> Plan.DmlKind.UPDATE;
            case DELETE -> Plan.DmlKind.DELETE;
            default -> throw new BasaltException(ErrorCode.SYNTAX_ERROR, modify.getOperation() + " is not supported");
        };
        List<Integer> updateColumns = new ArrayList<>();
        if (kind == Plan.DmlKind.UPDATE) {
            for (String name : modify.getUpdateColumnList()) {
                updateColumns.add(table.def().columnIndex(name));
            }
        }
        RelNode source = AssignmentCasts.strip(modify.getInput(), table.def(), kind, updateColumns);
        int writeProbe = explaining == null ? -1 : explaining.executorProbe();
        Compiled compiled = compile(planner, source, explaining);
        if (explaining != null) {
            explaining.writeProbe = writeProbe;
            String written = switch (kind) {
                case INSERT -> "Insert into " + table.def().name();
                case UPDATE -> "Update " + table.def().name() + "  set: "
                        + String.join(", ", updateColumns.stream().map(c -> table.def().column(c).name()).toList());
                case DELETE -> "Delete from " + table.def().name();
            };
            explaining.operators.add(new Explain.Operator(written + "  (the rows below, then index entries and foreign keys)", writeProbe,
                    List.of(compiled.operator())));
        }
        return new Plan.Dml(kind, table.def(), updateColumns, compiled.bindable(), paramTypes(source), schema.catalog(), compiled.explain());
    }

    /** A compiled plan, its text, and (when explaining) its operators. */
    private record Compiled(Bindable<?> bindable, String explain, Explain.Operator operator) {
    }

    /**
     * Optimizes {@code logical} to Calcite's Enumerable convention and compiles it; for EXPLAIN
     * ANALYZE with a probe above each operator.
     */
    private static Compiled compile(Planner planner, RelNode logical, Explaining explaining) throws Exception {
        RelNode keyed = KeyLookups.rewrite(logical);
        RelTraitSet traits = keyed.getTraitSet().replace(EnumerableConvention.INSTANCE).simplify();
        RelNode physical = RangeAggregateRel.insert(LookupJoinRel.insert(planner.transform(0, traits, keyed)));
        String explain = RelOptUtil.toString(physical) + KeyLookups.describe(physical);
        if (explaining != null && explaining.probes) {
            int[] next = {explaining.nextProbe};
            physical = ProbeRel.insert(physical, next);
            explaining.nextProbe = next[0];
        }
        // Objects the generated code reads at run time (an interpreted key lookup, for one) are
        // stashed here and handed to it with every execution's context.
        Map<String, Object> stash = new java.util.HashMap<>();
        Bindable<?> bindable = EnumerableInterpretable.toBindable(stash, null, (EnumerableRel) physical, EnumerableRel.Prefer.ARRAY);
        Bindable<?> bound = bindable;
        if (!stash.isEmpty()) {
            Map<String, Object> stashed = Map.copyOf(stash);
            @SuppressWarnings("unchecked")
            Bindable<Object> inner = (Bindable<Object>) bindable;
            bound = (Bindable<Object>) root -> inner.bind(new StashedContext(root, stashed));
        }
        return new Compiled(bound, explain, explaining == null ? null : Explain.describe(physical));
    }

    /**
     * For {@code SELECT ... FROM t WHERE c FOR UPDATE}: a plan of {@code SELECT * FROM t WHERE c},
     * whose rows (all columns, so their keys are known) are locked before the query itself runs.
     * It has the query's parameters, as its WHERE clause is the query's.
     */
    private static Compiled lockRows(CatalogSchema schema, SqlNode query, int queryParams, Explaining explaining) throws Exception {
        String lockSql = Statements.lockQuery(query);
        Planner planner = Frameworks.getPlanner(config(schema));
        try {
            RelRoot root = planner.rel(planner.validate(planner.parse(lockSql)));
            RelNode logical = root.project();
            if (paramTypes(logical).size() != queryParams) {
                throw new BasaltException(ErrorCode.INVALID_STATEMENT, "FOR UPDATE queries may use parameters only in their WHERE clause");
            }
            return compile(planner, logical, explaining);
        } finally {
            planner.close();
        }
    }

    /** The one table a FOR UPDATE query reads (it locks that table's rows), or an error. */
    private static TableDef singleTable(RelNode rel) {
        List<BasaltTable> tables = new ArrayList<>();
        collectTables(rel, tables);
        if (tables.size() != 1) {
            throw new BasaltException(ErrorCode.INVALID_STATEMENT, "FOR UPDATE is supported on queries of exactly one table; this one reads "
                    + tables.size());
        }
        return tables.get(0).def();
    }

    private static void collectTables(RelNode rel, List<BasaltTable> out) {
        if (rel.getTable() != null) {
            BasaltTable t = rel.getTable().unwrap(BasaltTable.class);
            if (t != null) {
                out.add(t);
            }
        }
        rel.getInputs().forEach(input -> collectTables(input, out));
    }

    private static List<ResultColumn> columns(RelRoot root) {
        List<ResultColumn> out = new ArrayList<>();
        RelDataType type = root.validatedRowType;
        List<RelDataTypeField> fields = type.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            RelDataType t = fields.get(i).getType();
            String label = root.fields.get(i).getValue();
            var ct = TypeMapping.fromRelType(t);
            int precision = switch (ct.kind()) {
                case DECIMAL, CHAR, VARCHAR, VARBINARY -> ct.precision();
                default -> Math.max(0, t.getPrecision());
            };
            out.add(new ResultColumn(label, label, "", ct.jdbcType(), ct.typeName(), precision, ct.scale(), t.isNullable()));
        }
        return out;
    }

    /** The types of the statement's {@code ?} markers, by index. */
    static List<RelDataType> paramTypes(RelNode rel) {
        Map<Integer, RelDataType> found = new TreeMap<>();
        collectParams(rel, found);
        List<RelDataType> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            RelDataType t = found.get(i);
            if (t == null) {
                throw new BasaltException(ErrorCode.INTERNAL_ERROR, "parameter " + (i + 1) + " was not found in the plan");
            }
            out.add(t);
        }
        return out;
    }

    private static void collectParams(RelNode rel, Map<Integer, RelDataType> found) {
        rel.accept(new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam p) {
                found.putIfAbsent(p.getIndex(), p.getType());
                return p;
            }
        });
        rel.getInputs().forEach(input -> collectParams(input, found));
    }

    static FrameworkConfig config(CatalogSchema schema) {
        return Frameworks.newConfigBuilder()
                .parserConfig(Parsing.config())
                .defaultSchema(schema.publicSchema())
                .typeSystem(BasaltTypeSystem.INSTANCE)
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(Parsing.conformance()).withIdentifierExpansion(true))
                .programs(PlannerPrograms.standard())
                // IN lists up to a multi-get's size stay comparisons the access paths can use
                .sqlToRelConverterConfig(SqlToRelConverter.config().withInSubQueryThreshold(AccessPath.KEYS_MAX))
                .context(Contexts.of(BasaltConnectionConfig.INSTANCE))
                .operatorTable(SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL))
                .build();
    }
}
