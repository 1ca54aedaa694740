/**
 * Basalt's SQL parser: Apache Calcite's grammar, extended, generated at build time.
 *
 * <h2>What it adds to Calcite's grammar</h2>
 * Calcite's core parser reads queries and DML (joins, subqueries, set operations, ORDER BY,
 * LIMIT/OFFSET/FETCH, VALUES, INSERT, UPDATE, DELETE, MERGE, CASE, CAST, EXPLAIN PLAN, SET and
 * ALTER SYSTEM|SESSION SET) but none of the statements a database needs to define and lock data
 * or to control transactions. Basalt adds, each to a hand-written node of this package:
 * <ul>
 *   <li>CREATE TABLE ({@link dev.basalt.sql.parser.SqlCreateTable}) with column definitions
 *       ({@link dev.basalt.sql.parser.SqlColumnDeclaration}: NULL / NOT NULL, DEFAULT, inline
 *       PRIMARY KEY, UNIQUE and REFERENCES in any order), table constraints
 *       ({@link dev.basalt.sql.parser.SqlTableConstraint}) and DISTRIBUTE BY HASH; DROP TABLE;
 *       CREATE [UNIQUE] INDEX and DROP INDEX; ALTER TABLE ... ADD COLUMN; CREATE [OR REPLACE]
 *       VIEW and DROP VIEW;</li>
 *   <li>the type names FLOAT(p) and TEXT ({@link dev.basalt.sql.parser.DataTypes}), the latter
 *       recognised by spelling so that "text" is not even a keyword;</li>
 *   <li>{@code query FOR UPDATE} ({@link dev.basalt.sql.parser.SqlSelectForUpdate});</li>
 *   <li>BEGIN / START TRANSACTION with isolation level and access mode, COMMIT, ROLLBACK,
 *       SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION;</li>
 *   <li>PostgreSQL's {@code EXPLAIN [ANALYZE] statement}
 *       ({@link dev.basalt.sql.parser.SqlExplainQuery}) beside Calcite's EXPLAIN PLAN;</li>
 *   <li>{@code CREATE USER name [WITH] PASSWORD 'pw' [SUPERUSER|NOSUPERUSER]}, {@code ALTER USER}
 *       with the same options and {@code DROP USER [IF EXISTS] name}
 *       ({@link dev.basalt.sql.parser.SqlCreateUser}, {@link dev.basalt.sql.parser.SqlAlterUser},
 *       {@link dev.basalt.sql.parser.SqlDropUser}); a PASSWORD must be one character string
 *       literal, each option appears at most once. ALTER USER is a statement of its own, like
 *       ALTER TABLE. Their text holds a password: it is never logged.</li>
 * </ul>
 * The new words (ANALYZE, DISTRIBUTE, HASH, IF, INDEX, PASSWORD, SUPERUSER, NOSUPERUSER) are all
 * non-reserved, so existing names keep working. The parser decides syntax only; whether a table has two primary keys or a
 * constraint names a missing column is for the catalog to say.
 *
 * <p>Every property of a node is also one of its operands (flags and enums as literals), so that
 * Calcite's {@code equalsDeep} compares whole statements, and each node's operator can rebuild it
 * from its operands ({@code clone}, {@code SqlShuttle}). Every node's {@code unparse} writes SQL
 * that parses back to an equal tree; {@link dev.basalt.sql.parser.SqlParsers#unparse} does so
 * with every name quoted.
 *
 * <h2>How the build makes the parser</h2>
 * Nothing generated is committed; all of it lives under {@code sql-planner/target}:
 * <ol>
 *   <li>maven-dependency-plugin unpacks {@code codegen/templates/Parser.jj} (Calcite's grammar as
 *       a FreeMarker template) and {@code codegen/default_config.fmpp} (the template's default
 *       data) from the calcite-core jar into {@code target/calcite-codegen/codegen}.</li>
 *   <li>maven-antrun-plugin adds one LOOKAHEAD to the template (below), then runs FMPP
 *       ({@code fmpp.tools.AntTask}) over it with our data, {@code src/main/codegen/config.fmpp},
 *       and Calcite's defaults as the variable {@code default}. {@code config.fmpp} names the
 *       package and class ({@code dev.basalt.sql.parser.impl.BasaltSqlParserImpl}), the new
 *       keywords and the entry points: statementParserMethods, createStatementParserMethods,
 *       dropStatementParserMethods and dataTypeParserMethods. The productions themselves are in
 *       {@code src/main/codegen/includes/parserImpls.ftl}, all prefixed {@code Basalt}. The result
 *       is {@code target/generated-sources/fmpp/javacc/Parser.jj}; it is made again only when
 *       one of those files changed.</li>
 *   <li>javacc-maven-plugin (JavaCC 4.0, lookahead 1, non-static, as Calcite builds its own)
 *       compiles it into {@code target/generated-sources/javacc}, a source root. JavaCC reports
 *       two choice conflicts; both are in Calcite's own grammar, and the extension adds none.</li>
 * </ol>
 * {@link dev.basalt.sql.parser.SqlParsers} is the only door: its configuration (upper-casing
 * unquoted names, {@code "} quoting, {@link dev.basalt.sql.parser.BasaltConformance}) and its
 * errors, which {@code ParseErrors} turns into {@code BasaltException(SYNTAX_ERROR)} with a
 * PostgreSQL-style message and never Calcite's list of expected tokens.
 *
 * <h2>FOR UPDATE and Calcite's FOR SYSTEM_TIME</h2>
 * Calcite's parser reads one token ahead. After a table name in FROM it offers the optional
 * temporal clause {@code FOR SYSTEM_TIME AS OF expr}, and enters it on seeing FOR alone; so in
 * {@code SELECT a FROM t FOR UPDATE} the FOR is taken by that clause, which then fails at UPDATE.
 * A WHERE, ORDER BY or LIMIT between the table and FOR hides the problem, which is why it shows up
 * late. JavaCC says so too: without the fix it reports a choice conflict on "FOR" at that clause.
 *
 * <p>Two fixes were possible. A two-word token {@code "FOR" whitespace "UPDATE"} needs no change
 * to Calcite's grammar, but the lexer knows no context: it would also swallow
 * {@code EXPLAIN PLAN FOR UPDATE t SET ...} (Calcite's explain of an UPDATE), break on
 * {@code SUBSTRING(s FROM 1 FOR update_count)} unless the token were taught about identifier
 * characters, and miss a comment between the two words. Basalt takes the other one, a
 * syntactic lookahead: the build replaces Calcite's {@code [ tableRef = Snapshot(tableRef) ]} with
 * {@code [ LOOKAHEAD(2) tableRef = Snapshot(tableRef) ]}, so the clause is entered only on
 * {@code FOR SYSTEM_TIME}. FOR UPDATE is then left to {@code BasaltQuery()}, which parses a query
 * exactly as Calcite's statement rule does and accepts FOR UPDATE after it. The patch is a plain
 * text replacement checked right after it is made: if a later Calcite reshapes that line, the
 * build fails with a message pointing here instead of producing a parser that cannot lock.
 *
 * <h2>Other things the grammar relies on</h2>
 * <ul>
 *   <li>Calcite tries every statementParserMethod with LOOKAHEAD(2) before its own statements.
 *       Where two tokens cannot tell ours from Calcite's ({@code SET transaction = 1} is Calcite's
 *       SET of an option named TRANSACTION; {@code EXPLAIN PLAN} is Calcite's), our production
 *       starts with a semantic lookahead on the next tokens, which JavaCC also evaluates inside
 *       that LOOKAHEAD(2). Such a condition must be written inline: a JAVACODE method declares
 *       {@code throws ParseException}, which a lookahead routine cannot call.</li>
 *   <li>Calcite's ALTER extension point only follows ALTER SYSTEM|SESSION, so ALTER TABLE is a
 *       statement of its own.</li>
 *   <li>Niladic functions (CURRENT_TIMESTAMP in a DEFAULT) come out of Calcite's parser as
 *       identifiers; the validator turns them into calls.</li>
 * </ul>
 */
package dev.basalt.sql.parser;
