namespace Tessera.Sql.Analysis;

// The tables a statement touches, in text order, as written (with their keyspace qualifier when
// given): what the gate routes on and what the tablet checks against its denied-tables list.
// Subqueries and derived tables are included; CTE names are reported like any other name.
public static class TableNames
{
    public static IReadOnlyList<TableName> Of(Statement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        switch (statement)
        {
            case CreateTable c:
                return c.Like != null ? [c.Table, c.Like] : c.AsSelect != null ? [c.Table, .. Of(c.AsSelect)] : [c.Table];
            case AlterTable a:
                return [a.Table];
            case DropTable d:
                return d.Tables;
            case TruncateTable t:
                return [t.Table];
            case RenameTable r:
                return r.Pairs.SelectMany(p => new[] { p.From, p.To }).ToList();
            case CreateIndex ci:
                return [ci.Table];
            case DropIndex di:
                return [di.Table];
            case CreateView v:
                return [v.Name, .. Of(v.Query)];
            case DropView dv:
                return dv.Views;
            case LockTables l:
                return l.Tables.Select(x => x.Table).ToList();
            case TableMaintenance m:
                return m.Tables;
            case DescribeTable dt:
                return [dt.Table];
            case ShowStatement { Table: not null } s when s.Kind is "columns" or "index" or "create table":
                return [s.Table];
            case ExplainStatement e:
                return Of(e.Statement);
        }

        var collector = new Collector();
        statement.Rewrite(collector);
        return collector.Names;
    }

    private sealed class Collector : AstRewriter
    {
        public readonly List<TableName> Names = [];

        public override TableName VisitTableName(TableName name)
        {
            Names.Add(name);
            return name;
        }
    }
}
