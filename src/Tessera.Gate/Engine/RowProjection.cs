using System.Text.Json.Nodes;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Engine;

// Computes the outer select list over each input row: a query over a derived table that spans
// shards, applied in the gate. A plain column keeps its input field's type. Vitess: engine.Projection.
internal sealed class RowProjection(IPrimitive input, IReadOnlyList<(string Name, EvalExpr Expr)> columns) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var rows = new List<Value[]>(result.Rows.Count);
        foreach (var r in result.Rows)
        {
            var env = new EvalEnv(r, bindVariables, cursor);
            var row = new Value[columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = columns[i].Expr.Evaluate(env);
            }

            rows.Add(row);
        }

        var fields = new List<Field>(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, expr) = columns[i];
            fields.Add(expr is ColumnEval c && c.Offset < result.Fields.Count
                ? result.Fields[c.Offset] with { Name = name }
                : new Field(name, rows.Select(r => r[i]).FirstOrDefault(v => !v.IsNull) is { IsNull: false } v ? v.Type : EvalTypes.TypeOf(expr)));
        }

        return new Result(fields, rows);
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Projection",
        ["Expressions"] = new JsonArray([.. columns.Select(c => (JsonNode)JsonValue.Create(c.Expr is ColumnEval e ? $"[COLUMN {e.Offset}] as {c.Name}" : $"{c.Expr} as {c.Name}")!)]),
        ["Inputs"] = new JsonArray(input.Describe()),
    };
}
