using System.Globalization;
using System.Runtime.CompilerServices;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Gate.Planning;
using Tessera.Keys;
using Tessera.Sql;
using Tessera.Sql.Normalizing;
using Tessera.Vindexes.VSchemas;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Executing;

// Runs one statement for a session (Vitess: vtgate Executor): session statements (USE, BEGIN,
// COMMIT, ROLLBACK, SET, SHOW) here, everything else normalized, planned (cached) and executed
// through a SessionCursor.
internal sealed partial class Executor(VSchemaHolder vschema, ITabletGateway gateway)
{
    public PlanCache Plans { get; } = new();

    public Web.GateMetrics Metrics { get; } = new();

    public VSchemaHolder VSchema => vschema;

    public async ValueTask<Result> ExecuteAsync(GateSession session, string sql, IReadOnlyList<Value>? parameters, CancellationToken cancellationToken)
    {
        RefuseNonUtf8Text(session, sql, parameters);
        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException) when (IsRawDdl(sql))
        {
            RefuseWriteIfReadOnly(session, null);
            var plan = PlanBuilder.BuildRawDdl(sql, Context(session));
            return await plan.Instructions.ExecuteAsync(new SessionCursor(session, gateway, () => vschema.Current), BoundQuery.NoBindVariables, cancellationToken).ConfigureAwait(false);
        }

        // CREATE TABLE / CREATE INDEX in the session's keyspace (what sysbench's prepare sends)
        // go to its shards exactly as written: the planner has no CREATE of its own, and the
        // text keeps what the AST drops (MariaDB's /*! ENGINE = innodb */ comment, options).
        if (statement is Sql.Ast.Statements.CreateTable { Table.Qualifier: null } or Sql.Ast.Statements.CreateIndex { Table.Qualifier: null })
        {
            RefuseWriteIfReadOnly(session, null);
            var plan = PlanBuilder.BuildRawDdl(sql, Context(session));
            return await plan.Instructions.ExecuteAsync(new SessionCursor(session, gateway, () => vschema.Current), BoundQuery.NoBindVariables, cancellationToken).ConfigureAwait(false);
        }

        // DATABASE()/SCHEMA() name the keyspace, never the tablet's vt_<keyspace> database, also
        // inside a query the tablet runs (the mariadb CLI's `status` sends `select database(), user()`).
        // Vitess: the rewriter's :__vtdbname. Checked on the text first to keep the hot path free.
        if (session.Keyspace is { } keyspace && (sql.Contains("database", StringComparison.OrdinalIgnoreCase) || sql.Contains("schema", StringComparison.OrdinalIgnoreCase)))
        {
            statement = statement.Rewrite(new ExpressionReplacer(
                e => e is Sql.Ast.Expressions.FunctionCall { Args.Count: 0, Qualifier: null, Over: null } f
                     && (f.Name.Equals("database", StringComparison.OrdinalIgnoreCase) || f.Name.Equals("schema", StringComparison.OrdinalIgnoreCase))
                    ? new Sql.Ast.Expressions.Literal(Sql.Ast.Expressions.LiteralKind.String, keyspace)
                    : null,
                visitSubqueries: true));
        }

        if (VersionRewrite.MayApply(sql))
        {
            statement = VersionRewrite.Apply(statement);
        }

        if (SessionVariableRewrite.MayApply(sql))
        {
            statement = SessionVariableRewrite.Apply(statement, session);
        }

        return await ExecuteAsync(session, statement, parameters, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<Result> ExecuteAsync(GateSession session, Statement statement, IReadOnlyList<Value>? parameters, CancellationToken cancellationToken)
    {
        switch (statement)
        {
            case UseStatement use:
                Use(session, use);
                return new Result();
            case BeginStatement begin:
                await CommitAsync(session, cancellationToken).ConfigureAwait(false);
                session.StartTransaction(begin.ReadOnly ? true : begin.Characteristics.Contains("read write") ? false : null);
                return new Result();
            case CommitStatement:
                await CommitAsync(session, cancellationToken).ConfigureAwait(false);
                session.NextTransaction = null;
                return new Result();
            case RollbackStatement { Savepoint: null }:
                await RollbackAsync(session, cancellationToken).ConfigureAwait(false);
                session.NextTransaction = null;
                return new Result();
            case SetStatement set:
                return await SetAsync(session, set, cancellationToken).ConfigureAwait(false);
            case SetTransaction setTransaction:
                return SetTransaction(session, setTransaction);
            case ShowStatement show:
                return await ShowAsync(session, show, cancellationToken).ConfigureAwait(false);
        }

        return await ExecutePreparedAsync(session, Prepare(statement, parameters?.Count ?? 0), parameters, cancellationToken).ConfigureAwait(false);
    }

    // A COM_STMT_EXECUTE: the statement's PreparedQuery is built on the first execution and kept
    // in `state` (the protocol's per-statement slot) for the next ones. Statements the gate
    // answers itself, or whose text the gate rewrites (DATABASE(), VERSION()), take the full path.
    public async ValueTask<Result> ExecutePreparedAsync(GateSession session, string sql, IReadOnlyList<Value> parameters, StrongBox<object?> state, CancellationToken cancellationToken)
    {
        RefuseNonUtf8Text(session, sql, parameters);
        if (state.Value is PreparedQuery prepared)
        {
            return await ExecutePreparedAsync(session, prepared, parameters, cancellationToken).ConfigureAwait(false);
        }

        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException) when (IsRawDdl(sql))
        {
            return await ExecuteAsync(session, sql, parameters, cancellationToken).ConfigureAwait(false);
        }

        if (statement is UseStatement or BeginStatement or CommitStatement or RollbackStatement or SetStatement or Sql.Ast.Statements.SetTransaction or ShowStatement
            or Sql.Ast.Statements.CreateTable or Sql.Ast.Statements.CreateIndex
            || sql.Contains("database", StringComparison.OrdinalIgnoreCase) || sql.Contains("schema", StringComparison.OrdinalIgnoreCase)
            || VersionRewrite.MayApply(sql) || SessionVariableRewrite.MayApply(sql))
        {
            return await ExecuteAsync(session, sql, parameters, cancellationToken).ConfigureAwait(false);
        }

        prepared = Prepare(statement, parameters.Count);
        state.Value = prepared;
        return await ExecutePreparedAsync(session, prepared, parameters, cancellationToken).ConfigureAwait(false);
    }

    private static PreparedQuery Prepare(Statement statement, int parameterCount)
    {
        if (parameterCount > 0)
        {
            statement = statement.Rewrite(new ExpressionReplacer(e => e is Parameter p ? new BindVariable(ParameterName(p.Index)) : null, visitSubqueries: true));
        }

        var gateOnly = statement is Select { From.Count: 0 };
        var (normalized, literals) = gateOnly ? (statement, (IReadOnlyDictionary<string, Literal>)new Dictionary<string, Literal>()) : Normalizer.Normalize(statement);
        return new PreparedQuery(normalized, AstFacts.Text(normalized), PreparedQuery.BindLiterals(literals), gateOnly);
    }

    private async ValueTask<Result> ExecutePreparedAsync(GateSession session, PreparedQuery prepared, IReadOnlyList<Value>? parameters, CancellationToken cancellationToken)
    {
        RefuseWriteIfReadOnly(session, prepared.Normalized);
        var (plan, bv) = PlanAndBind(session, prepared, parameters ?? []);
        return await ExecuteObservedAsync(plan, session, bv, cancellationToken).ConfigureAwait(false);
    }

    // The cached plan and the bind variables of one execution of a prepared statement.
    private (Plan Plan, Dictionary<string, BindValue> BindVariables) PlanAndBind(GateSession session, PreparedQuery prepared, IReadOnlyList<Value> parameters)
    {
        var ctx = Context(session);
        Plan plan;
        try
        {
            plan = Plans.GetOrAdd(prepared.KeyFor(ctx), ctx.VSchema.Revision, () => PlanBuilder.Build(prepared.Normalized, ctx));
        }
        catch (Exception e) when (Metrics.Error(e))
        {
            throw;
        }

        var bv = new Dictionary<string, BindValue>(prepared.Literals.Count + parameters.Count, StringComparer.Ordinal);
        foreach (var (name, value) in prepared.Literals)
        {
            bv[name] = value;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            bv[ParameterName(i)] = BindValue.Of(parameters[i]);
        }

        return (plan, bv);
    }

    private static readonly string[] ParameterNames = [.. Enumerable.Range(1, 64).Select(i => "v" + i.ToString(CultureInfo.InvariantCulture))];

    private static string ParameterName(int index) => index < ParameterNames.Length ? ParameterNames[index] : "v" + (index + 1).ToString(CultureInfo.InvariantCulture);

    private PlanContext Context(GateSession session) => new(vschema.Current, session.Keyspace, session.TabletType, session.Destination);

    private static bool IsRawDdl(string sql)
    {
        var t = sql.TrimStart();
        return t.StartsWith("create ", StringComparison.OrdinalIgnoreCase) || t.StartsWith("alter ", StringComparison.OrdinalIgnoreCase);
    }

    // `use ks`, `use ks/-80` (or `ks:-80`), `use ks@replica`; `use` of an empty target clears it.
    private void Use(GateSession session, UseStatement use)
    {
        if (use.Target.Length == 0)
        {
            session.Keyspace = null;
            session.Destination = null;
            return;
        }

        var ks = use.Keyspace;
        if (!vschema.Current.Keyspaces.ContainsKey(ks))
        {
            throw GateErrors.KeyspaceNotFound.Create($"Unknown database '{ks}'");
        }

        var type = (use.TabletType ?? "primary").ToLowerInvariant();
        if (type == "master")
        {
            type = "primary";
        }

        if (type is not ("primary" or "replica" or "rdonly"))
        {
            throw GateErrors.WrongArguments.Create($"invalid tablet type in target {use.Target}");
        }

        session.Keyspace = ks;
        session.Destination = use.Shard is { } shard ? new DestinationShard(shard) : null;
        session.TabletType = type;
    }

    // Commits shard by shard in the order they joined; a failure part-way leaves earlier shards
    // committed (best effort, as Vitess's default transaction mode) and rolls back the rest.
    private async ValueTask CommitAsync(GateSession session, CancellationToken cancellationToken)
    {
        var sessions = session.ShardSessions.ToList();
        session.ShardSessions.Clear();
        session.InTransaction = false;
        for (var i = 0; i < sessions.Count; i++)
        {
            try
            {
                await gateway.CommitAsync(sessions[i].Target, sessions[i].TransactionId, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var (t, id) in sessions.Skip(i + 1))
                {
                    await gateway.RollbackAsync(t, id, cancellationToken).ConfigureAwait(false);
                }

                throw;
            }
        }
    }

    private async ValueTask RollbackAsync(GateSession session, CancellationToken cancellationToken)
    {
        var sessions = session.ShardSessions.ToList();
        session.ShardSessions.Clear();
        session.InTransaction = false;
        foreach (var (t, id) in sessions)
        {
            await gateway.RollbackAsync(t, id, cancellationToken).ConfigureAwait(false);
        }
    }

    // autocommit, workload, user variables and the transaction characteristics are the gate's;
    // character sets and the variables of SystemVariables are carried to reserved connections;
    // others are accepted and ignored.
    private async ValueTask<Result> SetAsync(GateSession session, SetStatement set, CancellationToken cancellationToken)
    {
        foreach (var item in set.Items)
        {
            if (item is SetNames or SetCharset)
            {
                await SetCharsetsAsync(session, Charsets(session, item), cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (item is not SetVariable v)
            {
                continue;
            }

            var value = EvalTranslator.Translate(v.Value)?.Evaluate(new EvalEnv(null, BoundQuery.NoBindVariables, new SessionCursor(session, gateway, () => vschema.Current)))
                ?? (v.Value is ColumnName c ? Value.FromString(c.Name) : Value.Null);
            switch (v.Target)
            {
                case UserVariable u:
                    session.UserVariables[u.Name] = value;
                    break;
                case SystemVariable s when s.Name.Equals("autocommit", StringComparison.OrdinalIgnoreCase):
                case ColumnName { Table: null, Name: var n } when n.Equals("autocommit", StringComparison.OrdinalIgnoreCase):
                    var on = EvalExpr.IsTrue(value) || string.Equals(value.ToText(), "on", StringComparison.OrdinalIgnoreCase);
                    if (on && !session.Autocommit)
                    {
                        await CommitAsync(session, cancellationToken).ConfigureAwait(false);
                    }

                    session.Autocommit = on;
                    break;
                case SystemVariable s when s.Name.Equals("workload", StringComparison.OrdinalIgnoreCase):
                case ColumnName { Table: null, Name: var w } when w.Equals("workload", StringComparison.OrdinalIgnoreCase):
                    session.Olap = Workload(value);
                    break;
                case SystemVariable { Scope: VariableScope.None or VariableScope.Session } s when SystemVariables.IsTransactionSetting(s.Name):
                    SetTransactionVariable(session, s.Name, value);
                    break;
                case ColumnName { Table: null, Name: var tx } when SystemVariables.IsTransactionSetting(tx):
                    SetTransactionVariable(session, tx, value);
                    break;
                case SystemVariable { Scope: VariableScope.None or VariableScope.Session } s when ConnectionCharsets.IsCharsetVariable(s.Name):
                    await SetCharsetsAsync(session, session.Charsets.With(s.Name, CharsetValue(v.Value, value)), cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnName { Table: null, Name: var cs } when ConnectionCharsets.IsCharsetVariable(cs):
                    await SetCharsetsAsync(session, session.Charsets.With(cs, CharsetValue(v.Value, value)), cancellationToken).ConfigureAwait(false);
                    break;
                case SystemVariable { Scope: VariableScope.None or VariableScope.Session } s when SystemVariables.IsCarried(s.Name):
                    await CarryAsync(session, s.Name, v.Value, cancellationToken).ConfigureAwait(false);
                    break;
                case ColumnName { Table: null, Name: var carried } when SystemVariables.IsCarried(carried):
                    await CarryAsync(session, carried, v.Value, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return new Result();
    }

    private async ValueTask<Result> ShowAsync(GateSession session, ShowStatement show, CancellationToken cancellationToken)
    {
        var snapshot = vschema.Current;
        switch (show.Kind)
        {
            case "databases" or "keyspaces" or "schemas":
                return Column(show.Kind == "keyspaces" ? "Keyspace" : "Database", snapshot.Keyspaces.Keys.Order(StringComparer.Ordinal));
            case "vitess_shards":
            {
                var names = new List<string>();
                foreach (var ks in snapshot.Keyspaces.Keys.Order(StringComparer.Ordinal))
                {
                    foreach (var shard in await gateway.ServingShardsAsync(ks, "primary", cancellationToken).ConfigureAwait(false))
                    {
                        names.Add(ks + "/" + shard);
                    }
                }

                return Column("Shards", names);
            }

            case "vitess_tablets":
            {
                string[] cols = ["Cell", "Keyspace", "Shard", "TabletType", "State", "Alias", "Hostname", "PrimaryTermStartTime"];
                return new Result([.. cols.Select(c => new Field(c, QType.Varchar))], [.. gateway.DescribeTablets().Select(t => t.Select(x => Value.FromString(x)).ToArray())]);
            }

            default:
            {
                // SHOW TABLES / COLUMNS / CREATE TABLE / INDEX ...: answered by a tablet of the keyspace.
                var ks = show.Database is { } db && snapshot.Keyspaces.ContainsKey(db) ? db
                    : show.Table?.Qualifier is { } q && snapshot.Keyspaces.ContainsKey(q) ? q
                    : session.Keyspace ?? throw GateErrors.NoDatabaseSelected.Create("No database selected");
                var text = AstFacts.Text(show with { Database = show.Database is not null && snapshot.Keyspaces.ContainsKey(show.Database) ? null : show.Database, Table = show.Table is { Qualifier: { } tq } t && snapshot.Keyspaces.ContainsKey(tq) ? t with { Qualifier = null } : show.Table });
                var dest = session.Destination ?? DestinationAnyShard.Instance;
                var send = new Send(ks, dest, text, isDml: false);
                var r = await send.ExecuteAsync(new SessionCursor(session, gateway, () => vschema.Current), BoundQuery.NoBindVariables, cancellationToken).ConfigureAwait(false);
                if (show.Kind == "tables" && r.Fields.Count > 0)
                {
                    r.Fields = [r.Fields[0] with { Name = "Tables_in_" + ks }, .. r.Fields.Skip(1)];
                }

                return r;
            }
        }
    }

    private static Result Column(string name, IEnumerable<string> values) =>
        new([new Field(name, QType.Varchar)], [.. values.Select(v => new[] { Value.FromString(v) })]);
}
