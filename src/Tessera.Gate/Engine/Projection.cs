using System.Text.Json.Nodes;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Engine;

// One row computed in the gate: `select database()`, `select @@version`, `select last_insert_id()`.
internal sealed class Projection(IReadOnlyList<(string Name, EvalExpr Expr)> columns) : IPrimitive
{
    public ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var env = new EvalEnv(null, bindVariables, cursor);
        var row = columns.Select(c => c.Expr.Evaluate(env)).ToArray();
        var fields = columns.Select((c, i) => new Field(c.Name, row[i].IsNull ? EvalTypes.TypeOf(c.Expr) : row[i].Type)).ToList();
        return ValueTask.FromResult(new Result(fields, [row]));
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Projection",
        ["Expressions"] = new JsonArray([.. columns.Select(c => (JsonNode)JsonValue.Create($"{c.Expr} as {c.Name}")!)]),
        ["Inputs"] = new JsonArray(new JsonObject { ["OperatorType"] = "SingleRow" }),
    };
}
