using System.Globalization;
using Tessera.Gate.Engine;
using Tessera.Sql.Ast.Expressions;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Evaluation;

// AST expression → what the gate can evaluate itself, or null when it cannot (then the expression
// must run on a tablet). `columns` places an expression on a column of the row being filtered.
internal static class EvalTranslator
{
    public static EvalExpr? Translate(Expression e, Func<Expression, EvalExpr?>? columns = null)
    {
        if (columns?.Invoke(e) is { } c)
        {
            return c;
        }

        switch (e)
        {
            case Literal lit:
                return new LiteralEval(FromLiteral(lit));
            case BindVariable b:
                return new BindVarEval(b.Name);
            case BinaryExpr bin:
                var l = Translate(bin.Left, columns);
                var r = Translate(bin.Right, columns);
                if (l is null || r is null)
                {
                    return null;
                }

                return bin.Op switch
                {
                    BinaryOp.Eq => new CompareEval(CompareOp.Eq, l, r),
                    BinaryOp.NullSafeEq => new CompareEval(CompareOp.NullSafeEq, l, r),
                    BinaryOp.Ne => new CompareEval(CompareOp.Ne, l, r),
                    BinaryOp.Lt => new CompareEval(CompareOp.Lt, l, r),
                    BinaryOp.Le => new CompareEval(CompareOp.Le, l, r),
                    BinaryOp.Gt => new CompareEval(CompareOp.Gt, l, r),
                    BinaryOp.Ge => new CompareEval(CompareOp.Ge, l, r),
                    BinaryOp.And => new LogicalEval("and", l, r),
                    BinaryOp.Or => new LogicalEval("or", l, r),
                    BinaryOp.Plus => new ArithmeticEval('+', l, r),
                    BinaryOp.Minus => new ArithmeticEval('-', l, r),
                    BinaryOp.Multiply => new ArithmeticEval('*', l, r),
                    BinaryOp.Divide => new ArithmeticEval('/', l, r),
                    _ => null,
                };
            case UnaryExpr { Op: UnaryOp.Not or UnaryOp.Bang } u:
                return Translate(u.Operand, columns) is { } o ? new LogicalEval("not", o, null) : null;
            case UnaryExpr { Op: UnaryOp.Minus, Operand: Literal { IsNumber: true } num }:
                return new LiteralEval(FromLiteral(num with { Value = "-" + num.Value }));
            case IsExpr { Kind: IsKind.Null } isx:
                return Translate(isx.Operand, columns) is { } io ? new IsNullEval(io, isx.Not) : null;
            case FunctionCall { Args.Count: 0, Over: null, Qualifier: null } f:
                var name = f.Name.ToLowerInvariant();
                return name switch
                {
                    "database" or "schema" => new SessionFuncEval("database"),
                    "last_insert_id" => new SessionFuncEval("last_insert_id"),
                    "version" => new SessionFuncEval("@@version"),
                    _ => null,
                };
            case SystemVariable { Scope: VariableScope.None or VariableScope.Session or VariableScope.Global } sv
                when sv.Name.Equals("version", StringComparison.OrdinalIgnoreCase) || sv.Name.Equals("version_comment", StringComparison.OrdinalIgnoreCase):
                return new SessionFuncEval("@@" + sv.Name.ToLowerInvariant());
            default:
                return null;
        }
    }

    // A literal as the value a tablet would see: integers INT64 (UINT64 when too big), decimals
    // DECIMAL, floats FLOAT64, strings VARCHAR, hex and bit strings VARBINARY bytes.
    public static Value FromLiteral(Literal lit)
    {
        switch (lit.Kind)
        {
            case LiteralKind.Null:
                return Value.Null;
            case LiteralKind.True:
                return Value.FromInt64(1);
            case LiteralKind.False:
                return Value.FromInt64(0);
            case LiteralKind.Integer:
                if (long.TryParse(lit.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    return Value.FromInt64(l);
                }

                return ulong.TryParse(lit.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                    ? Value.FromUInt64(u)
                    : Value.FromString(lit.Value, QType.Decimal);
            case LiteralKind.Decimal:
                return Value.FromString(lit.Value, QType.Decimal);
            case LiteralKind.Float:
                return Value.FromString(lit.Value, QType.Float64);
            case LiteralKind.String:
                return Value.FromString(lit.Value);
            case LiteralKind.HexNumber:
                return Value.FromBytes(Convert.FromHexString(Even(lit.Value[2..])));
            case LiteralKind.HexString:
                return Value.FromBytes(Convert.FromHexString(Even(lit.Value[2..^1])));
            default:
                return Value.FromString(lit.Value, QType.Varbinary);
        }
    }

    private static string Even(string hex) => hex.Length % 2 == 0 ? hex : "0" + hex;
}
