using Tessera.Sql.Ast;

namespace Tessera.Gate.Planning;

// What the planner needs to know about an expression without planning it: its column references,
// whether it aggregates, whether it holds subqueries. Subqueries are not entered.
internal sealed class AstFacts : AstRewriter
{
    private AstFacts()
    {
    }

    public List<ColumnName> Columns { get; } = [];

    public List<SubqueryExpr> Subqueries { get; } = [];

    public bool HasAggregate { get; private set; }

    public bool HasWindow { get; private set; }

    public override bool VisitSubqueries => false;

    public static AstFacts Of(Expression e)
    {
        var f = new AstFacts();
        e.Rewrite(f);
        return f;
    }

    public static AstFacts Of(IEnumerable<Expression> es)
    {
        var f = new AstFacts();
        foreach (var e in es)
        {
            e.Rewrite(f);
        }

        return f;
    }

    public override Expression VisitExpression(Expression e)
    {
        switch (e)
        {
            case ColumnName c:
                Columns.Add(c);
                break;
            case SubqueryExpr s:
                Subqueries.Add(s);
                break;
            case FunctionCall { Over: not null }:
                HasWindow = true;
                break;
            case FunctionCall { IsAggregate: true }:
            case GroupConcatExpr:
                HasAggregate = true;
                break;
        }

        return e;
    }

    public static List<Expression> SplitAnd(Expression? e)
    {
        var list = new List<Expression>();
        void Walk(Expression x)
        {
            if (x is BinaryExpr { Op: BinaryOp.And } b)
            {
                Walk(b.Left);
                Walk(b.Right);
            }
            else
            {
                list.Add(x);
            }
        }

        if (e is not null)
        {
            Walk(e);
        }

        return list;
    }

    public static Expression? JoinAnd(IReadOnlyList<Expression> conjuncts)
    {
        Expression? result = null;
        foreach (var c in conjuncts)
        {
            result = result is null ? c : new BinaryExpr(result, BinaryOp.And, c);
        }

        return result;
    }

    public static string Text(SqlNode n) => SqlFormatter.Format(n);
}

// Replaces expressions by reference or by text (used to bind join columns and strip qualifiers).
internal sealed class ExpressionReplacer(Func<Expression, Expression?> replace, bool visitSubqueries = false) : AstRewriter
{
    public override bool VisitSubqueries => visitSubqueries;

    public override Expression VisitExpression(Expression e) => replace(e) ?? e;
}

// Drops keyspace qualifiers from table and column names: tablets know their database by its own
// name, not the keyspace's. System schemas (information_schema ...) keep theirs.
internal sealed class KeyspaceQualifierStripper(IReadOnlySet<string> keyspaces) : AstRewriter
{
    public override TableName VisitTableName(TableName name) =>
        name.Qualifier is { } q && keyspaces.Contains(q) ? name with { Qualifier = null } : name;

    public override Expression VisitExpression(Expression e) =>
        e is ColumnName { Table: { Qualifier: { } q } t } c && keyspaces.Contains(q) ? c with { Table = t with { Qualifier = null } } : e;
}
