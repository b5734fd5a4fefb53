using System.Globalization;
using Tessera.Gate.Engine;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Evaluation;

// What an expression evaluated in the gate can see: the current row, the bind variables and the
// session (for DATABASE(), LAST_INSERT_ID()).
internal readonly record struct EvalEnv(Value[]? Row, IReadOnlyDictionary<string, BindValue> BindVariables, IVCursor? Cursor);

// The small expression language the gate evaluates itself (Vitess: evalengine): vindex values,
// LIMIT counts, HAVING filters and gate-answered selects. ToString is the plan description.
internal abstract record EvalExpr
{
    public abstract Value Evaluate(in EvalEnv env);

    public static bool IsTrue(in Value v)
    {
        if (v.IsNull)
        {
            return false;
        }

        return v.IsNumber ? v.ToDouble() != 0 : double.TryParse(v.ToText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0;
    }
}

internal sealed record LiteralEval(Value Value) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env) => Value;

    public override string ToString() => Value.ToString();
}

internal sealed record BindVarEval(string Name) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env) =>
        env.BindVariables.TryGetValue(Name, out var b) && !b.IsTuple
            ? b.Value
            : throw Errors.GateErrors.Internal.Create($"bind variable {Name} missing");

    public override string ToString() => ":" + Name;
}

internal sealed record ColumnEval(int Offset, string Name) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env) => env.Row![Offset];

    public override string ToString() => $"[COLUMN {Offset}] as {Name}";
}

internal enum CompareOp
{
    Eq,
    NullSafeEq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

internal sealed record CompareEval(CompareOp Op, EvalExpr Left, EvalExpr Right) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env)
    {
        var l = Left.Evaluate(env);
        var r = Right.Evaluate(env);
        if (Op == CompareOp.NullSafeEq)
        {
            return Bool(l.IsNull && r.IsNull || !l.IsNull && !r.IsNull && Value.Compare(l, r) == 0);
        }

        if (l.IsNull || r.IsNull)
        {
            return Value.Null;
        }

        // A string against a number compares as numbers (MySQL: both as doubles, the string read
        // up to its first non-numeric character), not as text: '10' > 9.
        var c = (IsString(l) && r.IsNumber) || (l.IsNumber && IsString(r)) ? NumericPrefix(l).CompareTo(NumericPrefix(r)) : Value.Compare(l, r);
        return Bool(Op switch
        {
            CompareOp.Eq => c == 0,
            CompareOp.Ne => c != 0,
            CompareOp.Lt => c < 0,
            CompareOp.Le => c <= 0,
            CompareOp.Gt => c > 0,
            _ => c >= 0,
        });
    }

    internal static Value Bool(bool b) => Value.FromInt64(b ? 1 : 0);

    private static bool IsString(in Value v) => v.IsText || v.Type is QType.Varbinary or QType.Binary or QType.Blob;

    // ' 12.5abc' → 12.5, 'abc' → 0: the longest leading number, as MySQL converts a string.
    private static double NumericPrefix(in Value v)
    {
        if (!IsString(v))
        {
            return v.ToDouble();
        }

        var raw = v.Raw;
        var start = 0;
        while (start < raw.Length && raw[start] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            start++;
        }

        var limit = start;
        while (limit < raw.Length && raw[limit] is (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'+' or (byte)'-' or (byte)'e' or (byte)'E')
        {
            limit++;
        }

        for (var end = limit; end > start; end--)
        {
            if (double.TryParse(raw[start..end], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }
        }

        return 0;
    }

    public override string ToString() => $"{Left} {Op switch { CompareOp.Eq => "=", CompareOp.NullSafeEq => "<=>", CompareOp.Ne => "!=", CompareOp.Lt => "<", CompareOp.Le => "<=", CompareOp.Gt => ">", _ => ">=" }} {Right}";
}

internal sealed record LogicalEval(string Op, EvalExpr Left, EvalExpr? Right) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env)
    {
        var l = Left.Evaluate(env);
        if (Op == "not")
        {
            return l.IsNull ? Value.Null : CompareEval.Bool(!IsTrue(l));
        }

        var r = Right!.Evaluate(env);
        bool lt = IsTrue(l), rt = IsTrue(r);
        if (Op == "and")
        {
            if ((!l.IsNull && !lt) || (!r.IsNull && !rt))
            {
                return CompareEval.Bool(false);
            }

            return l.IsNull || r.IsNull ? Value.Null : CompareEval.Bool(true);
        }

        if (lt || rt)
        {
            return CompareEval.Bool(true);
        }

        return l.IsNull || r.IsNull ? Value.Null : CompareEval.Bool(false);
    }

    public override string ToString() => Right is null ? $"not ({Left})" : $"({Left}) {Op} ({Right})";
}

internal sealed record IsNullEval(EvalExpr Operand, bool Not) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env) => CompareEval.Bool(Operand.Evaluate(env).IsNull != Not);

    public override string ToString() => $"{Operand} is {(Not ? "not " : "")}null";
}

internal sealed record ArithmeticEval(char Op, EvalExpr Left, EvalExpr Right) : EvalExpr
{
    public override Value Evaluate(in EvalEnv env)
    {
        var l = Left.Evaluate(env);
        var r = Right.Evaluate(env);
        if (l.IsNull || r.IsNull)
        {
            return Value.Null;
        }

        if (l.IsFloat || r.IsFloat || !l.TryGetDecimal(out var a) || !r.TryGetDecimal(out var b))
        {
            double x = l.ToDouble(), y = r.ToDouble();
            return Op switch
            {
                '+' => Value.FromDouble(x + y),
                '-' => Value.FromDouble(x - y),
                '*' => Value.FromDouble(x * y),
                _ => y == 0 ? Value.Null : Value.FromDouble(x / y),
            };
        }

        var integral = l.IsIntegral && r.IsIntegral;
        decimal d = Op switch
        {
            '+' => a + b,
            '-' => a - b,
            '*' => a * b,
            _ => b == 0 ? decimal.MinValue : Math.Round(a / b, Scale(a) + 4, MidpointRounding.AwayFromZero),
        };
        if (d == decimal.MinValue && Op == '/')
        {
            return Value.Null;
        }

        return integral && Op != '/' ? Value.FromInt64((long)d) : Value.FromDecimal(Op == '/' ? Fixed(d, Scale(a) + 4) : d);
    }

    internal static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;

    // A decimal with exactly `scale` fraction digits, as MySQL prints DECIMAL results.
    internal static decimal Fixed(decimal d, int scale)
    {
        var rounded = Math.Round(d, scale, MidpointRounding.AwayFromZero);
        return decimal.Parse(rounded.ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    public override string ToString() => $"{Left} {Op} {Right}";
}

// Functions the gate answers from its own session: DATABASE(), LAST_INSERT_ID(), @@version ...
internal sealed record SessionFuncEval(string Name) : EvalExpr
{
    public const string VersionComment = "Tessera (MariaDB-compatible sharding gate)";

    public static readonly string Version = "10.11.0-MariaDB-Tessera";

    public override Value Evaluate(in EvalEnv env) => Name switch
    {
        "database" => env.Cursor?.CurrentKeyspace is { } ks ? Value.FromString(ks) : Value.Null,
        "last_insert_id" => Value.FromUInt64(env.Cursor?.LastInsertId ?? 0),
        "@@version" => Value.FromString(Version),
        "@@version_comment" => Value.FromString(VersionComment),
        _ => throw Errors.GateErrors.Internal.Create($"unknown session function {Name}"),
    };

    public override string ToString() => Name.StartsWith('@') ? Name : Name + "()";
}

internal static class EvalTypes
{
    public static QType TypeOf(EvalExpr e) => e switch
    {
        LiteralEval l => l.Value.Type,
        SessionFuncEval { Name: "last_insert_id" } => QType.Uint64,
        SessionFuncEval => QType.Varchar,
        CompareEval or LogicalEval or IsNullEval => QType.Int64,
        _ => QType.Varbinary,
    };
}
