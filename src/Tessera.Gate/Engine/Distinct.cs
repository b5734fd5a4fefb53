using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// Keeps the first of each set of equal rows, in input order (so a merge-sorted order survives).
// Equality is the gate's Value equality: numbers by value, text case-insensitively.
internal sealed partial class Distinct(IPrimitive input) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<Value[]>(RowComparer.Instance);
        var rows = new List<Value[]>();
        foreach (var r in result.Rows)
        {
            if (seen.Add(r))
            {
                rows.Add(r);
            }
        }

        return new Result(result.Fields, rows);
    }

    public JsonObject Describe() => new() { ["OperatorType"] = "Distinct", ["Inputs"] = new JsonArray(input.Describe()) };
}

internal sealed class RowComparer : IEqualityComparer<Value[]>
{
    public static readonly RowComparer Instance = new();

    public bool Equals(Value[]? x, Value[]? y)
    {
        if (x is null || y is null || x.Length != y.Length)
        {
            return x is null && y is null;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!x[i].Equals(y[i]))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(Value[] obj)
    {
        var h = new HashCode();
        foreach (var v in obj)
        {
            h.Add(v.GetHashCode());
        }

        return h.ToHashCode();
    }
}
