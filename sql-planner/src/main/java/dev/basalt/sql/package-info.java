/**
 * SQL on Apache Calcite (DESIGN.md section 6): text in, rows and update counts out, over the
 * transactions of {@code txn-manager}. One {@link dev.basalt.sql.SqlEngine} per node holds the
 * catalog and the plan cache; one {@link dev.basalt.sql.SqlSession} per client connection holds
 * its transaction, isolation level, prepared statements and cursors.
 *
 * <h2>The life of a statement</h2>
 * <ol>
 *   <li><b>Parse</b> with Basalt's grammar ({@link dev.basalt.sql.parser}: Calcite's parser
 *       extended by FMPP and JavaCC at build time with DDL, FOR UPDATE and transaction control).
 *       Unquoted names fold to upper case.</li>
 *   <li><b>Plan</b> ({@code internal.exec.StatementPlanner}), once per (catalog version, SQL
 *       text): the plan cache ({@code PlanCache}) makes a statement prepared on every call cost
 *       a map lookup. Transaction control and DDL are recognised by node type.
 *       {@code INSERT ... VALUES} of literals and parameters is built directly, without Calcite's
 *       planner ({@code DirectInsert}). Every other query or DML statement is validated, converted
 *       to relational algebra, optimized by Calcite's Volcano planner to the Enumerable
 *       convention and compiled to a {@code Bindable} (Janino, once per cached plan). DML keeps
 *       only its row source: which rows to insert, which rows to change and to what.</li>
 *   <li><b>Choose access paths</b> ({@code internal.calcite.AccessPath}, before Calcite
 *       optimizes): WHERE conjuncts are pushed onto each joined table's scan (and carried across
 *       join equalities), and each filtered table reads by the cheapest path its conjuncts
 *       allow — the whole primary key by {@code =} or {@code IN}: one multi-get; fixed
 *       distribution columns and a key prefix (with a range on the next key column): spans of
 *       the primary index in known slots; fixed leading columns of a READY secondary index:
 *       spans of its entries, then a multi-get of their rows; otherwise a scan of every row.
 *       "Cheapest" is an estimate of rows read with fixed selectivities (no statistics yet). A
 *       span path keeps every conjunct as a filter, so its bounds only need to be loose.</li>
 *   <li><b>Execute</b> in the session's transaction ({@code Execution}): parameters converted
 *       to the types the plan expects ({@code Values}); tables are read through the
 *       transaction ({@code internal.calcite.PathReader}, {@code internal.rows.TableRows}, page
 *       by page, merging the transaction's own writes). A scan hands the ranges what they can
 *       decide themselves ({@code internal.calcite.PushdownFilters} to {@code internal.rows.RowFilter}:
 *       comparisons of a column with a constant, IS NULL, AND, OR, NOT; and the columns the
 *       query reads), so rows that fail those conditions never leave their range; the ranges of
 *       a scan are read with read-ahead in parallel. A query's rows stream to the client through a cursor; DML reads all its
 *       source rows first (so it never sees its own writes), then writes each through
 *       {@code RowWriter}.</li>
 *   <li><b>Aggregate in the ranges</b> where possible ({@code internal.exec.RangeAggregateRel},
 *       placed after Calcite optimizes; {@code internal.calcite.RangeAggregate};
 *       {@code internal.rows.PartialAggregate}): an aggregate over one table's scan — plain GROUP
 *       BY, COUNT/SUM/MIN/MAX (AVG arrives as SUM and COUNT) without DISTINCT, over integer,
 *       DECIMAL, date, time, text and BOOLEAN columns (SUM: integers and DECIMAL), on a scan of
 *       primary-index spans or the whole table whose filters all go to the ranges whole — is
 *       computed by each range as one state per group and page; the gateway merges the states.
 *       Calcite's own aggregate stays below it in the plan and runs instead, reading the rows,
 *       when a {@code ?} value makes a filter inexpressible or when the transaction has written
 *       into the spans (the ranges cannot see writes buffered on the gateway). A SUM in the
 *       ranges never wraps: one that leaves its type's range fails with 22003.</li>
 *   <li><b>Join by key lookups</b> where possible ({@code internal.exec.LookupJoinRel}, placed
 *       after Calcite optimizes; {@code internal.calcite.LookupJoin}): an inner join on
 *       equalities whose one side is a scan of a table whose whole primary key is join columns
 *       (integers or VARCHAR) and columns its filters fix with {@code =}, and whose other filters
 *       the ranges could check exactly, reads the other side first, then the table's rows by one
 *       multi-get of the distinct keys, checked against those filters on the gateway. Calcite's
 *       join stays below it and runs instead when the other side has more than
 *       {@code LookupJoin.OUTER_ROWS_MAX} rows or a {@code ?} value makes a filter inexpressible.
 *       EXPLAIN marks it {@code (key lookups of T)}.</li>
 * </ol>
 *
 * <h2>EXPLAIN and EXPLAIN ANALYZE</h2>
 * {@code EXPLAIN stmt} plans {@code stmt} exactly as on its own (same planner, same errors, same
 * cache, keyed by the whole text) and returns the optimized plan as rows of one VARCHAR column,
 * {@code QUERY PLAN} ({@code internal.exec.Explain}): an operator a row, inputs indented two blanks
 * below their operator, a scan with its access path and what it touches as far as the plan knows
 * it — keys and spans counted from the statement's constants and {@code ?} markers, slots (a full
 * scan reads all of them), the filter left to check and the part of it the ranges check
 * ({@code internal.calcite.ExplainText}). Nothing runs, and {@code ?} markers need no values: the
 * plan is the same for every value.
 *
 * <p>{@code EXPLAIN ANALYZE stmt} runs the statement in the session's transaction, with its writes
 * and locks, as PostgreSQL does. Its plan is compiled with a probe ({@code ProbeRel}) above every
 * Enumerable operator after Calcite has chosen the plan; each probe wraps the operator's output
 * and counts rows, starts and wall time into the execution's {@code Probes}. The generated code
 * fuses operators, so wrapping each operator's output is the only place where numbers per operator
 * exist; <b>times are inclusive</b> (an operator pulls its inputs while it runs), a scan is
 * measured together with Calcite's interpreter of its leftover filter, and the DML write and the
 * FOR UPDATE lock phases are timed by the executor around them. Binding the compiled plan (where
 * Calcite builds those interpreters) is reported as start-up time, not charged to an operator.
 * No number is estimated: an operator never started says so.
 *
 * <h2>Rows and keys</h2>
 * A row lives under {@code [tableId][index 0][slot][primary-key columns]} (DESIGN.md section 2),
 * its slot the Murmur3 hash of its distribution columns (the first primary-key column unless
 * {@code DISTRIBUTE BY} says otherwise), key columns in an order-preserving encoding
 * ({@code KeyCodec}). The value holds the non-NULL columns tagged with column ids
 * ({@code RowCodec}), so {@code ALTER TABLE ADD COLUMN} rewrites nothing. A table without a
 * primary key gets a random hidden row id. A secondary index entry lives under
 * {@code [tableId][indexId][slot][index columns]} (plus the row's key when not unique); a UNIQUE
 * constraint is a unique index, and two rows with the same values meet on one key, so concurrent
 * inserts of a duplicate conflict in the transaction layer.
 *
 * <h2>What a write checks ({@code RowWriter}, {@code ValueRules})</h2>
 * NOT NULL (23502); text longer than its column (22001) and numbers outside their type (22003) —
 * values are assigned by these rules, not by Calcite's CAST, which would cut them
 * ({@code AssignmentCasts}); DECIMAL rounded half up to the column's scale; primary-key and
 * unique-index uniqueness (23505); a child's parent exists (23503); a deleted parent's children
 * are refused (RESTRICT), deleted (CASCADE) or set to NULL. Under snapshot isolation a child's
 * transaction holds its parent shared for its commit, and a parent's remover locks the parent
 * and looks for children committed now, so the two never both commit ({@code RowWriter}).
 *
 * <h2>The catalog</h2>
 * One blob in the meta group ({@link dev.basalt.sql.CatalogStore}) with a version. A DDL computes
 * the next catalog from the newest one and stores it by compare-and-set on the version, retrying
 * against a newer one when another node's DDL won. Each node re-reads the catalog every
 * {@link dev.basalt.sql.SqlEngine#CATALOG_REFRESH_MS}, and at once when a statement names a table
 * or column it does not know, so a DDL that returned on one node is seen by the next statement on
 * any other. DDL runs outside transactions and takes effect at once.
 *
 * <p>The catalog is also a lease ({@link dev.basalt.sql.SqlEngine#CATALOG_LEASE_MS}): no
 * statement is planned on a catalog read longer ago than that, so a DDL that waits out the lease
 * knows every node has seen it. Indexes change online on that basis, in F1's manner: an index is
 * WRITE_ONLY (writers maintain it, queries ignore it), then READY, then DROPPED (its id is never
 * reused). CREATE INDEX adds it WRITE_ONLY, waits out the lease, fills it in small batches while
 * writes continue ({@code IndexBackfill}: a writer that changes a row a batch read conflicts with
 * that batch on the entry key, and the batch runs again), then makes it READY. DROP INDEX goes
 * READY, WRITE_ONLY, DROPPED with a lease between. A transaction that wrote a table on a
 * catalog older than one that added an index to it is refused at commit with 40001
 * ({@code WriteSchemas}). What remains is an assumption on time: a commit that passed that check
 * must draw its commit timestamp within {@link dev.basalt.sql.SqlEngine#SCHEMA_SETTLE_MS}.
 *
 * <h2>Users</h2>
 * The users of the cluster ({@link dev.basalt.sql.auth}) are a second versioned blob beside the
 * catalog ({@link dev.basalt.sql.auth.UserStore}, the meta group's {@code users/} on a node), changed
 * by compare-and-set and read afresh at every login and every user statement, never cached. Per user
 * a name (case-insensitive, kept in lower case), a superuser flag and a SCRAM-SHA-256 verifier;
 * never a password. {@code CREATE USER}, {@code ALTER USER} and {@code DROP USER}
 * ({@code internal.exec.UserStatements}) run like DDL, outside transactions, with the session's
 * {@link dev.basalt.sql.auth.SessionUser}: <b>only a superuser manages users (a user may change
 * its own password), the first user must be a superuser, and nobody drops themselves or the last
 * superuser</b>; while there are no users every session may. CURRENT_USER, SESSION_USER and USER
 * return the session's user ({@code basalt} for an anonymous session on a cluster without users).
 * The node's connection handler checks passwords against {@link dev.basalt.sql.SqlEngine#users}.
 *
 * <h2>information_schema</h2>
 * Each catalog version's Calcite schema holds, beside {@code PUBLIC}, the schema
 * {@code INFORMATION_SCHEMA} ({@code internal.calcite.InformationSchema}): SCHEMATA, TABLES,
 * COLUMNS, TABLE_CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS, VIEWS and STATISTICS, with
 * the SQL standard's and PostgreSQL's column names. They are Calcite {@code ScannableTable}s whose
 * rows are computed from the catalog when a statement scans them (nothing is stored, no
 * transaction is read), so they are queried, joined and grouped like any table, and they show
 * what this node's catalog says (another node's DDL within {@link dev.basalt.sql.SqlEngine#CATALOG_REFRESH_MS}).
 * <b>Only READY indexes appear</b>; WRITE_ONLY and DROPPED ones never do. The catalog columns
 * hold the database the session's client named when it connected, so they agree with the JDBC
 * driver's {@code getCatalog()}, whose {@code DatabaseMetaData} is written as queries over these
 * tables. Writes and DDL aimed at them fail with 42809.
 *
 * <h2>Transactions</h2>
 * Autocommit by default; {@code BEGIN}/{@code setAutoCommit(false)} open a block. READ COMMITTED
 * (the default, as in PostgreSQL) takes a fresh read timestamp per statement; REPEATABLE READ is
 * snapshot isolation; SERIALIZABLE is refused (22023) because it is not enforced. A statement
 * that fails inside a block fails the block (25P02 until ROLLBACK). Failures inside the cluster
 * that carry class 08 internally reach the client as 40001 (the transaction is gone; retry it),
 * because class 08 means "your connection broke" to drivers and pools.
 *
 * <h2>Not yet (see the open issues)</h2>
 * The ranges a scan touched (EXPLAIN shows slots and key counts, not ranges); statistics for the path choice; lookups through
 * secondary indexes in joins (only primary keys are looked up), and outer joins by lookup;
 * aggregates with DISTINCT, over expressions or over
 * floating-point columns are computed on the gateway; rows of dropped tables and entries of
 * dropped indexes are not reclaimed; and TIMESTAMP
 * values carry milliseconds (stored as microseconds, so a later engine reads them unchanged).
 */
package dev.basalt.sql;
