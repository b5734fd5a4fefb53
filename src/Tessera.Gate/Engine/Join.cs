using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// Nested-loop join across routes that cannot run as one query: for each left row, the right query
// runs with that row's values bound (Vars: bind variable → left column). Cols picks output
// columns: -n is left column n-1, +n right column n-1. A left join keeps a left row with no right
// match, with NULLs. Vitess: engine.Join.
internal sealed partial class Join(IPrimitive left, IPrimitive right, IReadOnlyList<int> cols, IReadOnlyDictionary<string, int> vars, bool leftJoin) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var l = await left.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var rows = new List<Value[]>();
        IReadOnlyList<Field>? rightFields = null;
        foreach (var lrow in l.Rows)
        {
            // Every left row runs the right side; its fields are kept from the first run that has them.
            var runFields = await JoinRowAsync(cursor, bindVariables, lrow, rows, cancellationToken).ConfigureAwait(false);
            rightFields ??= runFields;
        }

        if (rightFields is null)
        {
            var r = await right.ExecuteAsync(cursor, Bind(bindVariables, null), cancellationToken).ConfigureAwait(false);
            rightFields = r.Fields;
        }

        var fields = cols.Select(c => c < 0 ? Pick(l.Fields, -c - 1) : Pick(rightFields, c - 1)).ToList();
        return new Result(fields, rows);
    }

    private static Field Pick(IReadOnlyList<Field> fields, int i) => i < fields.Count ? fields[i] : new Field("", Rpc.Query.Type.NullType);

    // One left row: the right query with its values bound, and the joined rows (or the left row
    // with NULLs for a left join with no match) added to rows. Returns the right side's fields
    // when that run had them.
    private async ValueTask<IReadOnlyList<Field>?> JoinRowAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, Value[] lrow,
        List<Value[]> rows, CancellationToken cancellationToken)
    {
        var r = await right.ExecuteAsync(cursor, Bind(bindVariables, lrow), cancellationToken).ConfigureAwait(false);
        foreach (var rrow in r.Rows)
        {
            rows.Add(Combine(lrow, rrow));
        }

        if (r.Rows.Count == 0 && leftJoin)
        {
            rows.Add(Combine(lrow, null));
        }

        return r.Fields.Count > 0 ? r.Fields : null;
    }

    private Dictionary<string, BindValue> Bind(IReadOnlyDictionary<string, BindValue> bindVariables, Value[]? lrow)
    {
        var bv = ExecutionHelpers.With(bindVariables, vars.Count);
        foreach (var (name, offset) in vars)
        {
            bv[name] = BindValue.Of(lrow is null ? Value.Null : lrow[offset]);
        }

        return bv;
    }

    private Value[] Combine(Value[] lrow, Value[]? rrow)
    {
        var row = new Value[cols.Count];
        for (var i = 0; i < cols.Count; i++)
        {
            var c = cols[i];
            row[i] = c < 0 ? lrow[-c - 1] : rrow is null ? Value.Null : rrow[c - 1];
        }

        return row;
    }

    public JsonObject Describe()
    {
        var o = new JsonObject
        {
            ["OperatorType"] = "Join",
            ["Variant"] = leftJoin ? "LeftJoin" : "Join",
            ["JoinColumnIndexes"] = string.Join(",", cols),
        };
        if (vars.Count > 0)
        {
            o["JoinVars"] = new JsonObject([.. vars.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => KeyValuePair.Create(v.Key, (JsonNode?)JsonValue.Create(v.Value)))]);
        }

        o["Inputs"] = new JsonArray(left.Describe(), right.Describe());
        return o;
    }
}
