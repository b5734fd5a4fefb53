namespace Tessera.Sql.Ast.Expressions;

public enum LiteralKind
{
    String,
    Integer,
    Decimal,
    Float,
    HexNumber,
    HexString,
    BitNumber,
    BitString,
    Null,
    True,
    False,
    Date,
    Time,
    Timestamp,
}

// A constant. Value is the decoded text for strings and the source spelling for everything else
// (`12`, `1.5e3`, `0x1f`, `x'1f'`, `b'101'`); Charset is an introducer such as `_utf8mb4`.
public sealed record Literal(LiteralKind Kind, string Value, string? Charset = null) : Expression
{
    public static readonly Literal Null = new(LiteralKind.Null, "null");
    public static readonly Literal True = new(LiteralKind.True, "true");
    public static readonly Literal False = new(LiteralKind.False, "false");

    public bool IsNumber => Kind is LiteralKind.Integer or LiteralKind.Decimal or LiteralKind.Float;

    internal override void Format(SqlWriter w)
    {
        if (Charset != null)
        {
            w.Append(Charset).Append(' ');
        }

        if (Kind == LiteralKind.String)
        {
            w.Quoted(Value);
        }
        else if (Kind is LiteralKind.Date or LiteralKind.Time or LiteralKind.Timestamp)
        {
            // Typed literals: DATE '2024-01-01', TIME '10:00', TIMESTAMP '2024-01-01 10:00'.
            w.Append(Kind == LiteralKind.Date ? "date " : Kind == LiteralKind.Time ? "time " : "timestamp ").Quoted(Value);
        }
        else
        {
            w.Append(Value);
        }
    }
}
