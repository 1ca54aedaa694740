<#--
  Basalt's productions, included into Calcite's Parser.jj by FMPP (see ../config.fmpp, which
  names the entry points). Every production here is prefixed "Basalt" so that it can never clash
  with one a later Calcite adds. The nodes they build are hand-written classes in
  dev.basalt.sql.parser; this file only decides syntax, never meaning.
-->

/** An error the grammar finds beyond token order (a clause twice, a FLOAT precision out of range). */
JAVACODE CalciteContextException basaltError(SqlParserPos pos, String message)
{
    // Calcite turns a CalciteContextException into a SqlParseException at the position given.
    return new CalciteContextException(message, new CalciteException(message, null),
        pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
}

/** The position of the next, not yet consumed, token: where an optional first clause would start. */
JAVACODE Span basaltNextTokenSpan()
{
    final Token next = getToken(1);
    return Span.of(new SqlParserPos(next.beginLine, next.beginColumn, next.endLine, next.endColumn));
}

/** IF NOT EXISTS, or nothing. Three tokens decide, because "if" is still a valid name. */
boolean BasaltIfNotExistsOpt() :
{
}
{
    LOOKAHEAD(3) <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

/** IF EXISTS, or nothing. */
boolean BasaltIfExistsOpt() :
{
}
{
    LOOKAHEAD(2) <IF> <EXISTS> { return true; }
|
    { return false; }
}

/** name [, name ...]: the objects of DROP TABLE and DROP VIEW. */
SqlNodeList BasaltCompoundIdentifierList() :
{
    final List<SqlNode> names = new ArrayList<SqlNode>();
    SqlIdentifier name;
}
{
    name = CompoundIdentifier() { names.add(name); }
    ( <COMMA> name = CompoundIdentifier() { names.add(name); } )*
    { return new SqlNodeList(names, Span.of(names).pos()); }
}

/** [CASCADE | RESTRICT]; RESTRICT when absent, as in PostgreSQL. */
DropBehavior BasaltDropBehaviorOpt() :
{
}
{
    <CASCADE> { return DropBehavior.CASCADE; }
|
    <RESTRICT> { return DropBehavior.RESTRICT; }
|
    { return DropBehavior.RESTRICT; }
}

/* ---------------------------------------------------------------- data types */

/**
 * FLOAT(p), which Calcite's grammar lacks: p binary digits of mantissa, so REAL up to 24 and
 * DOUBLE up to 53, as PostgreSQL maps it. Plain FLOAT is left to Calcite (LOOKAHEAD(2) in
 * TypeName() sees no parenthesis).
 */
SqlTypeNameSpec BasaltFloatTypeName() :
{
    final Span s;
    final int precision;
}
{
    <FLOAT> { s = span(); } <LPAREN> precision = UnsignedIntLiteral() <RPAREN>
    {
        final SqlTypeName type = DataTypes.floatType(precision);
        if (type == null) {
            throw basaltError(s.end(this), DataTypes.floatPrecisionError(precision));
        }
        return new SqlBasicTypeNameSpec(type, s.end(this));
    }
}

/**
 * TEXT, an unbounded VARCHAR. Matched by spelling on an ordinary identifier, so "text" stays
 * usable as a table or column name; a quoted "TEXT" is a name, never the type.
 */
SqlTypeNameSpec BasaltTextTypeName() :
{
}
{
    (
        LOOKAHEAD({ getToken(1).kind == IDENTIFIER && DataTypes.isTextTypeName(getToken(1).image) })
        <IDENTIFIER>
    )
    { return DataTypes.text(getPos()); }
}

/* ---------------------------------------------------------------- CREATE TABLE */

/**
 * CREATE TABLE [IF NOT EXISTS] name (element [, element ...]) [DISTRIBUTE BY HASH (col, ...)].
 */
SqlCreate BasaltCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier name;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final List<SqlNode> constraints = new ArrayList<SqlNode>();
    final Span elements;
    SqlNodeList distributeBy = SqlNodeList.EMPTY;
}
{
    <TABLE>
    {
        if (replace) {
            throw basaltError(s.end(this), "CREATE OR REPLACE is not supported for tables");
        }
    }
    ifNotExists = BasaltIfNotExistsOpt()
    name = CompoundIdentifier()
    <LPAREN> { elements = span(); }
    BasaltTableElement(columns, constraints)
    ( <COMMA> BasaltTableElement(columns, constraints) )*
    <RPAREN>
    [ distributeBy = BasaltDistributeBy() ]
    {
        return new SqlCreateTable(s.end(this), ifNotExists, name,
            new SqlNodeList(columns, elements.pos()),
            new SqlNodeList(constraints, elements.pos()),
            distributeBy);
    }
}

/** A column or a table constraint; each goes to its own list. */
void BasaltTableElement(List<SqlNode> columns, List<SqlNode> constraints) :
{
    final SqlNode element;
}
{
    element = BasaltTableConstraint() { constraints.add(element); }
|
    element = BasaltColumnDeclaration() { columns.add(element); }
}

/** DISTRIBUTE BY HASH (col [, col ...]). */
SqlNodeList BasaltDistributeBy() :
{
    final SqlNodeList columns;
}
{
    <DISTRIBUTE> <BY> <HASH> columns = ParenthesizedSimpleIdentifierList()
    { return columns; }
}

/**
 * name type followed, in any order, by NOT NULL | NULL, DEFAULT expr, and inline constraints
 * (PRIMARY KEY, UNIQUE, REFERENCES ...), each of which may be named with CONSTRAINT name.
 */
SqlColumnDeclaration BasaltColumnDeclaration() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    Boolean nullable = null;
    SqlNode defaultValue = null;
    final List<SqlNode> constraints = new ArrayList<SqlNode>();
    SqlIdentifier constraintName;
    SqlTableConstraint constraint;
}
{
    name = SimpleIdentifier() { s = span(); }
    type = DataType()
    (
        <NOT> <NULL>
        {
            if (nullable != null) {
                throw basaltError(getPos(), "conflicting or redundant NULL/NOT NULL declarations for column " + name);
            }
            nullable = Boolean.FALSE;
        }
    |
        <NULL>
        {
            if (nullable != null) {
                throw basaltError(getPos(), "conflicting or redundant NULL/NOT NULL declarations for column " + name);
            }
            nullable = Boolean.TRUE;
        }
    |
        <DEFAULT_>
        {
            if (defaultValue != null) {
                throw basaltError(getPos(), "multiple default values specified for column " + name);
            }
        }
        defaultValue = Expression(ExprContext.ACCEPT_NON_QUERY)
    |
        { constraintName = null; }
        [ <CONSTRAINT> constraintName = SimpleIdentifier() ]
        constraint = BasaltColumnConstraint(constraintName, name)
        { constraints.add(constraint); }
    )*
    {
        return new SqlColumnDeclaration(s.end(this), name, type, nullable, defaultValue,
            new SqlNodeList(constraints, s.pos()));
    }
}

/** PRIMARY KEY, UNIQUE or REFERENCES t [(c)] [actions], on the single column "column". */
SqlTableConstraint BasaltColumnConstraint(SqlIdentifier name, SqlIdentifier column) :
{
    final Span s;
    final SqlNodeList columns = new SqlNodeList(Collections.singletonList(column), column.getParserPosition());
    final SqlIdentifier referencedTable;
    SqlNodeList referencedColumns = SqlNodeList.EMPTY;
    final ReferentialAction[] actions = { ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION };
}
{
    { s = name == null ? basaltNextTokenSpan() : Span.of(name); }
    (
        <PRIMARY> <KEY> { return SqlTableConstraint.primaryKey(s.end(this), name, columns); }
    |
        <UNIQUE> { return SqlTableConstraint.unique(s.end(this), name, columns); }
    |
        <REFERENCES> referencedTable = CompoundIdentifier()
        [ referencedColumns = ParenthesizedSimpleIdentifierList() ]
        BasaltReferentialActions(actions)
        {
            return SqlTableConstraint.foreignKey(s.end(this), name, columns, referencedTable,
                referencedColumns, actions[0], actions[1]);
        }
    )
}

/**
 * [CONSTRAINT name] PRIMARY KEY (cols) | UNIQUE (cols)
 * | FOREIGN KEY (cols) REFERENCES t [(cols)] [ON DELETE action] [ON UPDATE action].
 */
SqlTableConstraint BasaltTableConstraint() :
{
    final Span s;
    SqlIdentifier name = null;
    final SqlNodeList columns;
    final SqlIdentifier referencedTable;
    SqlNodeList referencedColumns = SqlNodeList.EMPTY;
    final ReferentialAction[] actions = { ReferentialAction.NO_ACTION, ReferentialAction.NO_ACTION };
}
{
    { s = basaltNextTokenSpan(); }
    [ <CONSTRAINT> name = SimpleIdentifier() ]
    (
        <PRIMARY> <KEY> columns = ParenthesizedSimpleIdentifierList()
        { return SqlTableConstraint.primaryKey(s.end(this), name, columns); }
    |
        <UNIQUE> columns = ParenthesizedSimpleIdentifierList()
        { return SqlTableConstraint.unique(s.end(this), name, columns); }
    |
        <FOREIGN> <KEY> columns = ParenthesizedSimpleIdentifierList()
        <REFERENCES> referencedTable = CompoundIdentifier()
        [ referencedColumns = ParenthesizedSimpleIdentifierList() ]
        BasaltReferentialActions(actions)
        {
            return SqlTableConstraint.foreignKey(s.end(this), name, columns, referencedTable,
                referencedColumns, actions[0], actions[1]);
        }
    )
}

/**
 * [ON DELETE action] [ON UPDATE action], either order; actions[0] is ON DELETE and actions[1]
 * ON UPDATE, NO ACTION (SQL's default) where absent.
 */
void BasaltReferentialActions(ReferentialAction[] actions) :
{
    boolean onDelete = false;
    boolean onUpdate = false;
}
{
    (
        <ON>
        (
            <DELETE>
            {
                if (onDelete) {
                    throw basaltError(getPos(), "ON DELETE is given twice");
                }
                onDelete = true;
            }
            actions[0] = BasaltReferentialAction()
        |
            <UPDATE>
            {
                if (onUpdate) {
                    throw basaltError(getPos(), "ON UPDATE is given twice");
                }
                onUpdate = true;
            }
            actions[1] = BasaltReferentialAction()
        )
    )*
}

/** CASCADE | RESTRICT | NO ACTION | SET NULL | SET DEFAULT. */
ReferentialAction BasaltReferentialAction() :
{
}
{
    <CASCADE> { return ReferentialAction.CASCADE; }
|
    <RESTRICT> { return ReferentialAction.RESTRICT; }
|
    <NO> <ACTION> { return ReferentialAction.NO_ACTION; }
|
    <SET>
    (
        <NULL> { return ReferentialAction.SET_NULL; }
    |
        <DEFAULT_> { return ReferentialAction.SET_DEFAULT; }
    )
}

/* ---------------------------------------------------------------- other DDL */

/** DROP TABLE [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]. */
SqlDrop BasaltDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlNodeList names;
    final DropBehavior behavior;
}
{
    <TABLE> ifExists = BasaltIfExistsOpt()
    names = BasaltCompoundIdentifierList()
    behavior = BasaltDropBehaviorOpt()
    { return new SqlDropTable(s.end(this), ifExists, names, behavior); }
}

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (col [ASC | DESC], ...). */
SqlCreate BasaltCreateIndex(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    final SqlIdentifier name;
    final SqlIdentifier table;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final Span columnSpan;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX>
    {
        if (replace) {
            throw basaltError(s.end(this), "CREATE OR REPLACE is not supported for indexes");
        }
    }
    ifNotExists = BasaltIfNotExistsOpt()
    name = SimpleIdentifier()
    <ON> table = CompoundIdentifier()
    <LPAREN> { columnSpan = span(); }
    BasaltIndexColumn(columns)
    ( <COMMA> BasaltIndexColumn(columns) )*
    <RPAREN>
    {
        return new SqlCreateIndex(s.end(this), unique, ifNotExists, name, table,
            new SqlNodeList(columns, columnSpan.end(this)));
    }
}

/** col [ASC | DESC]. */
void BasaltIndexColumn(List<SqlNode> columns) :
{
    final SqlIdentifier name;
    boolean descending = false;
}
{
    name = SimpleIdentifier()
    [ <ASC> | <DESC> { descending = true; } ]
    { columns.add(new SqlIndexColumn(name.getParserPosition(), name, descending)); }
}

/** DROP INDEX [IF EXISTS] name. */
SqlDrop BasaltDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <INDEX> ifExists = BasaltIfExistsOpt()
    name = CompoundIdentifier()
    { return new SqlDropIndex(s.end(this), ifExists, name); }
}

/** CREATE [OR REPLACE] VIEW name [(col, ...)] AS query. */
SqlCreate BasaltCreateView(Span s, boolean replace) :
{
    final SqlIdentifier name;
    SqlNodeList columns = SqlNodeList.EMPTY;
    final SqlNode query;
}
{
    <VIEW> name = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    { return new SqlCreateView(s.end(this), replace, name, columns, query); }
}

/** DROP VIEW [IF EXISTS] name [, name ...] [CASCADE | RESTRICT]. */
SqlDrop BasaltDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlNodeList names;
    final DropBehavior behavior;
}
{
    <VIEW> ifExists = BasaltIfExistsOpt()
    names = BasaltCompoundIdentifierList()
    behavior = BasaltDropBehaviorOpt()
    { return new SqlDropView(s.end(this), ifExists, names, behavior); }
}

/**
 * ALTER TABLE name ADD [COLUMN] [IF NOT EXISTS] column-definition. A statement of its own (not an
 * alterStatementParserMethod): Calcite's ALTER extension point only follows ALTER SYSTEM|SESSION.
 */
SqlNode BasaltAlterTable() :
{
    final Span s;
    final SqlIdentifier table;
    final boolean ifNotExists;
    final SqlColumnDeclaration column;
}
{
    <ALTER> { s = span(); } <TABLE> table = CompoundIdentifier()
    <ADD> [ <COLUMN> ]
    ifNotExists = BasaltIfNotExistsOpt()
    column = BasaltColumnDeclaration()
    { return new SqlAlterTableAddColumn(s.end(this), table, ifNotExists, column); }
}

/* ---------------------------------------------------------------- users */

/**
 * One option of CREATE USER or ALTER USER into userOpts: [0] the PASSWORD literal, [1] SUPERUSER
 * (true) or NOSUPERUSER (false). Each at most once.
 */
void BasaltUserOption(SqlNode[] userOpts) :
{
    final SqlNode password;
}
{
    <PASSWORD> password = StringLiteral()
    {
        if (userOpts[0] != null) {
            throw basaltError(getPos(), "PASSWORD is given twice");
        }
        if (!(password instanceof SqlCharStringLiteral)) {
            throw basaltError(getPos(), "PASSWORD takes one character string, such as 'secret'");
        }
        userOpts[0] = password;
    }
|
    <SUPERUSER>
    {
        if (userOpts[1] != null) {
            throw basaltError(getPos(), "SUPERUSER or NOSUPERUSER is given twice");
        }
        userOpts[1] = SqlLiteral.createBoolean(true, getPos());
    }
|
    <NOSUPERUSER>
    {
        if (userOpts[1] != null) {
            throw basaltError(getPos(), "SUPERUSER or NOSUPERUSER is given twice");
        }
        userOpts[1] = SqlLiteral.createBoolean(false, getPos());
    }
}

/** CREATE USER name [WITH] PASSWORD 'pw' [SUPERUSER | NOSUPERUSER], options in any order. */
SqlCreate BasaltCreateUser(Span s, boolean replace) :
{
    final SqlIdentifier name;
    final SqlNode[] userOpts = new SqlNode[2];
}
{
    <USER>
    {
        if (replace) {
            throw basaltError(s.end(this), "CREATE OR REPLACE is not supported for users");
        }
    }
    name = SimpleIdentifier()
    [ <WITH> ]
    BasaltUserOption(userOpts) ( BasaltUserOption(userOpts) )*
    {
        if (userOpts[0] == null) {
            throw basaltError(s.end(this), "CREATE USER needs PASSWORD 'password'");
        }
        return new SqlCreateUser(s.end(this), name, (SqlLiteral) userOpts[0],
            userOpts[1] == null ? null : ((SqlLiteral) userOpts[1]).booleanValue());
    }
}

/** ALTER USER name [WITH] option..., an option being PASSWORD 'pw', SUPERUSER or NOSUPERUSER. */
SqlNode BasaltAlterUser() :
{
    final Span s;
    final SqlIdentifier name;
    final SqlNode[] userOpts = new SqlNode[2];
}
{
    <ALTER> { s = span(); } <USER> name = SimpleIdentifier()
    [ <WITH> ]
    BasaltUserOption(userOpts) ( BasaltUserOption(userOpts) )*
    {
        return new SqlAlterUser(s.end(this), name, (SqlLiteral) userOpts[0],
            userOpts[1] == null ? null : ((SqlLiteral) userOpts[1]).booleanValue());
    }
}

/** DROP USER [IF EXISTS] name. */
SqlDrop BasaltDropUser(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier name;
}
{
    <USER> ifExists = BasaltIfExistsOpt()
    name = SimpleIdentifier()
    { return new SqlDropUser(s.end(this), ifExists, name); }
}

/* ---------------------------------------------------------------- queries */

/**
 * A query as Calcite's statement rule parses it (with ORDER BY, LIMIT, OFFSET, FETCH), then
 * optionally FOR UPDATE. Reaching FOR here after "FROM t" depends on the LOOKAHEAD(2) the build
 * adds before Calcite's FOR SYSTEM_TIME clause (see the package-info).
 */
SqlNode BasaltQuery() :
{
    SqlNode query;
    final String refusal;
}
{
    query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    [
        <FOR> <UPDATE>
        {
            refusal = SqlSelectForUpdate.refusal(query);
            if (refusal != null) {
                throw basaltError(getPos(), refusal);
            }
            query = new SqlSelectForUpdate(Span.of(query).end(this), query);
        }
    ]
    { return query; }
}

/** What EXPLAIN may wrap: a query (FOR UPDATE included) or a DML statement. */
SqlNode BasaltQueryOrDml() :
{
    final SqlNode statement;
}
{
    (
        statement = BasaltQuery()
    |
        statement = SqlInsert()
    |
        statement = SqlDelete()
    |
        statement = SqlUpdate()
    |
        statement = SqlMerge()
    )
    { return statement; }
}

/**
 * EXPLAIN [ANALYZE] statement. "EXPLAIN PLAN ..." is left to Calcite's own rule: the semantic
 * lookahead refuses it, during the statement-level LOOKAHEAD(2) as well.
 */
SqlNode BasaltExplain() :
{
    final Span s;
    boolean analyze = false;
    final SqlNode statement;
}
{
    ( LOOKAHEAD({ getToken(1).kind == EXPLAIN && getToken(2).kind != PLAN }) <EXPLAIN> )
    { s = span(); }
    // A query never starts with a bare ANALYZE, so one token decides.
    [ LOOKAHEAD(1) <ANALYZE> { analyze = true; } ]
    statement = BasaltQueryOrDml()
    { return new SqlExplainQuery(s.end(this), analyze, statement); }
}

/* ---------------------------------------------------------------- transactions */

/** READ UNCOMMITTED | READ COMMITTED | REPEATABLE READ | SERIALIZABLE. */
IsolationLevel BasaltIsolationLevel() :
{
}
{
    <READ>
    (
        <UNCOMMITTED> { return IsolationLevel.READ_UNCOMMITTED; }
    |
        <COMMITTED> { return IsolationLevel.READ_COMMITTED; }
    )
|
    <REPEATABLE> <READ> { return IsolationLevel.REPEATABLE_READ; }
|
    <SERIALIZABLE> { return IsolationLevel.SERIALIZABLE; }
}

/** One transaction mode added to "modes": ISOLATION LEVEL level | READ ONLY | READ WRITE. */
TransactionModes BasaltTransactionMode(TransactionModes modes) :
{
    final IsolationLevel level;
    final boolean readOnly;
}
{
    (
        <ISOLATION> <LEVEL> level = BasaltIsolationLevel()
        {
            if (modes.isolationLevel() != null) {
                throw basaltError(getPos(), "conflicting or redundant isolation levels");
            }
            return modes.withIsolationLevel(level);
        }
    |
        <READ> ( <ONLY> { readOnly = true; } | <WRITE> { readOnly = false; } )
        {
            if (modes.readOnly() != null) {
                throw basaltError(getPos(), "conflicting or redundant READ ONLY/READ WRITE");
            }
            return modes.withReadOnly(readOnly);
        }
    )
}

/** mode [[,] mode ...], as PostgreSQL allows. */
TransactionModes BasaltTransactionModeList() :
{
    TransactionModes modes = TransactionModes.NONE;
}
{
    modes = BasaltTransactionMode(modes)
    ( [ <COMMA> ] modes = BasaltTransactionMode(modes) )*
    { return modes; }
}

/** BEGIN [TRANSACTION | WORK] [modes] | START TRANSACTION [modes]. */
SqlNode BasaltStartTransaction() :
{
    final Span s;
    TransactionModes modes = TransactionModes.NONE;
}
{
    (
        <BEGIN> { s = span(); } [ <TRANSACTION> | <WORK> ]
    |
        <START> { s = span(); } <TRANSACTION>
    )
    [ modes = BasaltTransactionModeList() ]
    { return new SqlBeginTransaction(s.end(this), modes); }
}

/** COMMIT [WORK | TRANSACTION]. */
SqlNode BasaltCommit() :
{
    final Span s;
}
{
    <COMMIT> { s = span(); } [ <WORK> | <TRANSACTION> ]
    { return new SqlCommit(s.end(this)); }
}

/** ROLLBACK [WORK | TRANSACTION]. */
SqlNode BasaltRollback() :
{
    final Span s;
}
{
    <ROLLBACK> { s = span(); } [ <WORK> | <TRANSACTION> ]
    { return new SqlRollback(s.end(this)); }
}

/**
 * SET TRANSACTION modes | SET SESSION CHARACTERISTICS AS TRANSACTION modes. The semantic
 * lookahead leaves every other SET to Calcite's SqlSetOption.
 */
SqlNode BasaltSetTransaction() :
{
    final Span s;
    boolean session = false;
    final TransactionModes modes;
}
{
    // "SET TRANSACTION ISOLATION|READ" or "SET SESSION CHARACTERISTICS", told apart from Calcite's
    // "SET name = value", where the name may well be "transaction" or "session". Written inline:
    // a JAVACODE method may throw ParseException, which a lookahead routine cannot.
    (
        LOOKAHEAD({ getToken(1).kind == SET
            && (getToken(2).kind == TRANSACTION
                    && (getToken(3).kind == ISOLATION || getToken(3).kind == READ)
                || getToken(2).kind == SESSION && getToken(3).kind == CHARACTERISTICS) })
        <SET>
    )
    { s = span(); }
    (
        <TRANSACTION>
    |
        <SESSION> <CHARACTERISTICS> <AS> <TRANSACTION> { session = true; }
    )
    modes = BasaltTransactionModeList()
    { return new SqlSetTransaction(s.end(this), session, modes); }
}
