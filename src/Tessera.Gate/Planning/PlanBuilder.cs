using Tessera.Gate.Engine;
using Tessera.Gate.Errors;

namespace Tessera.Gate.Planning;

// Statement → plan. With an explicit shard target (`use ks/-80`) statements go to it unplanned,
// as in Vitess; otherwise SELECT, INSERT, UPDATE, DELETE and DDL are planned against the VSchema.
// Session statements (USE, SET, BEGIN, SHOW ...) are the executor's, not plans.
internal static class PlanBuilder
{
    public static Plan Build(Statement statement, PlanContext ctx, string? original = null)
    {
        var text = original ?? AstFacts.Text(statement);
        if (ctx.Destination is not null && ctx.Keyspace is not null)
        {
            var dml = statement is Sql.Ast.Statements.Insert or Update or Delete;
            return new Plan(QueryType(statement), text, new Send(ctx.Keyspace, ctx.Destination, QueryText.For(statement, ctx), dml));
        }

        IPrimitive primitive = statement switch
        {
            QueryStatement q => NextOrSelect(q, ctx),
            Sql.Ast.Statements.Insert i => InsertPlanner.Plan(ctx, i),
            Update u => DmlPlanner.PlanUpdate(ctx, u),
            Delete d => DmlPlanner.PlanDelete(ctx, d),
            DropTable or RenameTable or TruncateTable or DropIndex => PlanDdl(statement, ctx),
            _ => throw GateErrors.UnsupportedError($"statement {statement.GetType().Name} in the planner"),
        };
        return new Plan(QueryType(statement), text, primitive);
    }

    // CREATE / ALTER and other DDL the parser does not take apart yet: sent as written to every
    // shard of the session's keyspace.
    public static Plan BuildRawDdl(string sql, PlanContext ctx)
    {
        var ks = ctx.Keyspace ?? throw GateErrors.NoDatabaseSelected.Create("No database selected");
        return new Plan("DDL", sql, new Ddl(ks, sql));
    }

    private static IPrimitive NextOrSelect(QueryStatement q, PlanContext ctx)
    {
        if (q is Select { Items: [{ Expr: NextValExpr }], From: [AliasedTable seq] } s)
        {
            var table = TableResolver.Resolve(ctx, seq.Name);
            if (table.Kind != Vindexes.VSchemas.TableKind.Sequence)
            {
                throw GateErrors.WrongArguments.Create($"NEXT used on a non-sequence table {table.Name}");
            }

            return new Route(new RoutingParams(RouteOpcode.Next, table.Keyspace), QueryText.For(s, ctx)) { Table = table.Name };
        }

        return new SelectPlanner(ctx).Plan(q);
    }

    private static IPrimitive PlanDdl(Statement statement, PlanContext ctx)
    {
        var names = statement switch
        {
            DropTable d => d.Tables,
            RenameTable r => r.Pairs.Select(p => p.From).ToList(),
            TruncateTable t => [t.Table],
            DropIndex di => [di.Table],
            _ => [],
        };
        string? ks = null;
        foreach (var n in names)
        {
            var k = n.Qualifier ?? (ctx.Keyspace is { } cur ? cur : TableResolver.Resolve(ctx, n).Keyspace);
            if (ks is not null && ks != k)
            {
                throw GateErrors.UnsupportedError("DDL on tables of several keyspaces");
            }

            ks = k;
        }

        ks ??= ctx.Keyspace ?? throw GateErrors.NoDatabaseSelected.Create("No database selected");
        if (!ctx.VSchema.Keyspaces.ContainsKey(ks))
        {
            throw GateErrors.KeyspaceNotFound.Create($"Unknown database '{ks}'");
        }

        return new Ddl(ks, QueryText.For(statement, ctx));
    }

    private static string QueryType(Statement s) => s switch
    {
        QueryStatement => "SELECT",
        Sql.Ast.Statements.Insert i => i.IsReplace ? "REPLACE" : "INSERT",
        Update => "UPDATE",
        Delete => "DELETE",
        _ => "DDL",
    };
}
