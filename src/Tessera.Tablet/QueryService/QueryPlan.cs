using System.Collections.Concurrent;
using Tessera.Sql;
using Tessera.Sql.Ast;
using Tessera.Sql.Ast.Expressions;
using Tessera.Sql.Ast.Statements;
using Tessera.Sql.Ast.Tables;

namespace Tessera.Tablet.QueryService;

// What the tablet must know about a query before running it (Vitess's tabletserver/planbuilder):
// whether it writes, which tables it touches (for the denied-tables rule), and whether it is a
// sequence request. Plans are cached by query text; the text still holds its :bind variables.
internal enum PlanType
{
    Select,
    SelectLock,
    NextVal,
    Insert,
    Update,
    Delete,
    Ddl,
    Set,
    Other,
    // A select run by StreamExecute: only the metrics tell it apart (Vitess's PlanSelectStream).
    SelectStream,
}

internal sealed record QueryPlan(PlanType Type, IReadOnlyList<string> Tables, Expression? NextCount = null)
{
    // From a /*vt+ QUERY_TIMEOUT_MS=N */ directive; zero when the query has none.
    public TimeSpan QueryTimeout { get; init; }

    public bool IsWrite => Type is PlanType.Insert or PlanType.Update or PlanType.Delete or PlanType.Ddl;

    public string Verb => Type switch
    {
        PlanType.Insert => "insert",
        PlanType.Update => "update",
        PlanType.Delete => "delete",
        PlanType.Ddl => "DDL",
        _ => Type.ToString().ToLowerInvariant(),
    };

    public static QueryPlan Build(string sql)
    {
        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException)
        {
            // MariaDB may still accept what our parser does not; classify by the first word only.
            return new QueryPlan(ClassifyByKeyword(sql), []) { QueryTimeout = QueryDirectives.QueryTimeout(sql) };
        }
        var tables = TableCollector.Collect(statement);
        if (tables.Count == 0) tables = SchemaTables(statement);
        var plan = statement switch
        {
            Select { Items: [{ Expr: NextValExpr next }], From: [AliasedTable from] } => new QueryPlan(PlanType.NextVal, [from.Name.Name], next.Count),
            QueryStatement { Lock: not null } => new QueryPlan(PlanType.SelectLock, tables),
            QueryStatement => new QueryPlan(PlanType.Select, tables),
            Insert => new QueryPlan(PlanType.Insert, tables),
            Update => new QueryPlan(PlanType.Update, tables),
            Delete => new QueryPlan(PlanType.Delete, tables),
            SetStatement => new QueryPlan(PlanType.Set, tables),
            _ => new QueryPlan(ClassifyByKeyword(sql), tables),
        };
        var timeout = QueryDirectives.QueryTimeout(statement);
        return timeout > TimeSpan.Zero ? plan with { QueryTimeout = timeout } : plan;
    }

    // The tables a schema statement names (the AST rewriter does not visit them), so DDL is
    // subject to denied tables and counted by table too.
    private static IReadOnlyList<string> SchemaTables(Statement statement) => statement switch
    {
        CreateTable s => [s.Table.Name],
        CreateIndex s => [s.Table.Name],
        AlterTable s => [s.Table.Name],
        TruncateTable s => [s.Table.Name],
        DropIndex s => [s.Table.Name],
        DescribeTable s => [s.Table.Name],
        DropTable s => [.. s.Tables.Select(t => t.Name)],
        RenameTable s => [.. s.Pairs.SelectMany(p => new[] { p.From.Name, p.To.Name })],
        _ => [],
    };

    internal static PlanType ClassifyByKeyword(string sql)
    {
        var span = sql.AsSpan().TrimStart();
        while (span.StartsWith("/*", StringComparison.Ordinal))
        {
            var end = span.IndexOf("*/", StringComparison.Ordinal);
            if (end < 0) return PlanType.Other;
            span = span[(end + 2)..].TrimStart();
        }
        var wordEnd = 0;
        while (wordEnd < span.Length && char.IsAsciiLetter(span[wordEnd])) wordEnd++;
        var word = span[..wordEnd].ToString().ToLowerInvariant();
        return word switch
        {
            "select" or "with" or "show" or "describe" or "desc" or "explain" => PlanType.Select,
            "insert" or "replace" or "load" => PlanType.Insert,
            "update" => PlanType.Update,
            "delete" => PlanType.Delete,
            "create" or "alter" or "drop" or "rename" or "truncate" => PlanType.Ddl,
            "set" => PlanType.Set,
            _ => PlanType.Other,
        };
    }

    private sealed class TableCollector : AstRewriter
    {
        private readonly List<string> names = [];

        public static IReadOnlyList<string> Collect(Statement statement)
        {
            var collector = new TableCollector();
            statement.Rewrite(collector);
            return collector.names;
        }

        public override TableName VisitTableName(TableName name)
        {
            if (!names.Contains(name.Name, StringComparer.OrdinalIgnoreCase)) names.Add(name.Name);
            return name;
        }
    }
}

// Plans by query text. Bounded: when full it starts over, which is cheap and keeps memory flat
// under a stream of distinct unnormalised queries.
internal sealed class QueryPlanCache(int capacity = 5000)
{
    private readonly ConcurrentDictionary<string, QueryPlan> plans = new(StringComparer.Ordinal);

    public int Count => plans.Count;

    public QueryPlan Get(string sql)
    {
        if (plans.TryGetValue(sql, out var plan)) return plan;
        plan = QueryPlan.Build(sql);
        if (plans.Count >= capacity) plans.Clear();
        plans[sql] = plan;
        return plan;
    }
}
