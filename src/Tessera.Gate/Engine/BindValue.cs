namespace Tessera.Gate.Engine;

// A bind variable: one value, or a list of them (a tuple bound as `::name` in `IN ::name`).
public sealed record BindValue(Value Value, IReadOnlyList<Value>? Values = null)
{
    public bool IsTuple => Values is not null;

    public static BindValue Of(Value v) => new(v);

    public static BindValue Tuple(IReadOnlyList<Value> values) => new(Value.Null, values);

    public override string ToString() => IsTuple ? $"({string.Join(", ", Values!)})" : Value.ToString();
}

// SQL with `:name` placeholders and their values, as sent to a tablet (query.proto BoundQuery).
public sealed record BoundQuery(string Sql, IReadOnlyDictionary<string, BindValue> BindVariables)
{
    public static readonly IReadOnlyDictionary<string, BindValue> NoBindVariables = new Dictionary<string, BindValue>();

    public BoundQuery(string sql)
        : this(sql, NoBindVariables)
    {
    }
}
