namespace Tessera.Sql.Ast.Expressions;

public abstract record Expression : SqlNode
{
    // Binding strength used by the formatter to decide where parentheses are needed.
    internal virtual int Precedence => Prec.Primary;

    public Expression Rewrite(AstRewriter rewriter)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        return rewriter.VisitExpression(RewriteChildren(rewriter));
    }

    internal virtual Expression RewriteChildren(AstRewriter r) => this;
}

// MySQL operator precedence, weakest first.
// https://dev.mysql.com/doc/refman/8.0/en/operator-precedence.html
internal static class Prec
{
    public const int Lowest = 0;
    public const int Or = 1;
    public const int Xor = 2;
    public const int And = 3;
    public const int Not = 4;
    public const int Comparison = 6;
    public const int BitOr = 7;
    public const int BitAnd = 8;
    public const int Shift = 9;
    public const int Additive = 10;
    public const int Multiplicative = 11;
    public const int BitXor = 12;
    public const int Unary = 13;
    public const int Collate = 15;
    public const int Primary = 20;
}
