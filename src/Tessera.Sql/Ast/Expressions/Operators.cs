namespace Tessera.Sql.Ast.Expressions;

public enum BinaryOp
{
    Or,
    Xor,
    And,
    Eq,
    NullSafeEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    BitOr,
    BitAnd,
    ShiftLeft,
    ShiftRight,
    Plus,
    Minus,
    Multiply,
    Divide,
    IntDivide,
    Modulo,
    BitXor,
    JsonExtract,
    JsonUnquoteExtract,
}

public enum UnaryOp
{
    Not,
    Bang,
    Minus,
    Plus,
    BitNot,
    Binary,
}

public sealed record BinaryExpr(Expression Left, BinaryOp Op, Expression Right) : Expression
{
    public bool IsComparison => Op is >= BinaryOp.Eq and <= BinaryOp.Ge;

    internal override int Precedence => Op switch
    {
        BinaryOp.Or => Prec.Or,
        BinaryOp.Xor => Prec.Xor,
        BinaryOp.And => Prec.And,
        >= BinaryOp.Eq and <= BinaryOp.Ge => Prec.Comparison,
        BinaryOp.BitOr => Prec.BitOr,
        BinaryOp.BitAnd => Prec.BitAnd,
        BinaryOp.ShiftLeft or BinaryOp.ShiftRight => Prec.Shift,
        BinaryOp.Plus or BinaryOp.Minus => Prec.Additive,
        BinaryOp.BitXor => Prec.BitXor,
        BinaryOp.JsonExtract or BinaryOp.JsonUnquoteExtract => Prec.Primary,
        _ => Prec.Multiplicative,
    };

    internal static string Text(BinaryOp op) => op switch
    {
        BinaryOp.Or => "or",
        BinaryOp.Xor => "xor",
        BinaryOp.And => "and",
        BinaryOp.Eq => "=",
        BinaryOp.NullSafeEq => "<=>",
        BinaryOp.Ne => "!=",
        BinaryOp.Lt => "<",
        BinaryOp.Le => "<=",
        BinaryOp.Gt => ">",
        BinaryOp.Ge => ">=",
        BinaryOp.BitOr => "|",
        BinaryOp.BitAnd => "&",
        BinaryOp.ShiftLeft => "<<",
        BinaryOp.ShiftRight => ">>",
        BinaryOp.Plus => "+",
        BinaryOp.Minus => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.IntDivide => "div",
        BinaryOp.Modulo => "%",
        BinaryOp.BitXor => "^",
        BinaryOp.JsonExtract => "->",
        _ => "->>",
    };

    internal override void Format(SqlWriter w)
    {
        var p = Precedence;
        if (Op is BinaryOp.JsonExtract or BinaryOp.JsonUnquoteExtract)
        {
            w.Expr(Left, Prec.Primary).Append(Text(Op)).Expr(Right, Prec.Primary);
            return;
        }

        // Left-associative: the right operand needs parentheses at equal strength.
        w.Expr(Left, p).Append(' ').Append(Text(Op)).Append(' ').Expr(Right, p + 1);
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var l = Left.Rewrite(r);
        var rt = Right.Rewrite(r);
        return ReferenceEquals(l, Left) && ReferenceEquals(rt, Right) ? this : this with { Left = l, Right = rt };
    }
}

public sealed record UnaryExpr(UnaryOp Op, Expression Operand) : Expression
{
    internal override int Precedence => Op switch
    {
        UnaryOp.Not => Prec.Not,
        UnaryOp.Binary => Prec.Collate,
        _ => Prec.Unary,
    };

    internal override void Format(SqlWriter w)
    {
        switch (Op)
        {
            case UnaryOp.Not:
                w.Append("not ").Expr(Operand, Prec.Not);
                return;
            case UnaryOp.Binary:
                w.Append("binary ").Expr(Operand, Prec.Collate);
                return;
        }

        w.Append(Op switch { UnaryOp.Bang => "!", UnaryOp.Minus => "-", UnaryOp.Plus => "+", _ => "~" });
        var start = w.Length;
        w.Expr(Operand, Prec.Unary);
        if (w.CharAt(start) is '-' or '+')
        {
            // `- -1` must not become `--1`.
            w.Insert(start, ' ');
        }
    }

    internal override Expression RewriteChildren(AstRewriter r)
    {
        var o = Operand.Rewrite(r);
        return ReferenceEquals(o, Operand) ? this : this with { Operand = o };
    }
}
