package dev.basalt.sql.parser;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Which of Calcite's optional SQL features Basalt accepts, in the parser and (given to it) the
 * validator. It starts from Calcite's DEFAULT and turns on, one by one, what PostgreSQL clients
 * and benchmark harnesses write. It is deliberately not LENIENT or BABEL: those also accept
 * MINUS, CROSS APPLY, MySQL's {@code LIMIT start, count}, FROM-less dual tables and more, and
 * every construct the parser lets through is one the planner and executor then owe an answer to.
 */
public final class BasaltConformance extends SqlDelegatingConformance {
    public static final BasaltConformance INSTANCE = new BasaltConformance();

    private BasaltConformance() {
        super(SqlConformanceEnum.DEFAULT);
    }

    /** {@code a != b}, beside {@code a <> b}. */
    @Override
    public boolean isBangEqualAllowed() {
        return true;
    }

    /** {@code a % b} as MOD(a, b). */
    @Override
    public boolean isPercentRemainderAllowed() {
        return true;
    }

    /** {@code OFFSET m LIMIT n} as well as PostgreSQL's {@code LIMIT n OFFSET m} (always allowed). */
    @Override
    public boolean isOffsetLimitAllowed() {
        return true;
    }

    /** {@code GROUP BY alias} of a select item, as PostgreSQL allows. */
    @Override
    public boolean isGroupByAlias() {
        return true;
    }

    /** {@code GROUP BY 1}: the first select item. */
    @Override
    public boolean isGroupByOrdinal() {
        return true;
    }

    /** {@code HAVING alias} of a select item. */
    @Override
    public boolean isHavingAlias() {
        return true;
    }

    /** {@code ORDER BY 1} (DEFAULT allows it too; stated so that it does not depend on DEFAULT). */
    @Override
    public boolean isSortByOrdinal() {
        return true;
    }

    /** {@code ORDER BY alias}. */
    @Override
    public boolean isSortByAlias() {
        return true;
    }

    /** {@code INSERT INTO t (a, b)} naming fewer columns than the table has; the rest get defaults. */
    @Override
    public boolean isInsertSubsetColumnsAllowed() {
        return true;
    }

    /**
     * CASE and UNION over strings of different lengths give VARCHAR, not a blank-padded CHAR, so
     * {@code CASE WHEN c THEN 'a' ELSE 'abc' END} is {@code 'a'}, as in PostgreSQL.
     */
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }
}
