using System.Text.Json.Nodes;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Engine;

// Keeps rows whose predicate is true (HAVING over merged aggregates). Vitess: engine.Filter.
internal sealed partial class Filter(IPrimitive input, EvalExpr predicate) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var rows = result.Rows.Where(r => EvalExpr.IsTrue(predicate.Evaluate(new EvalEnv(r, bindVariables, cursor)))).ToList();
        return new Result(result.Fields, rows);
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Filter",
        ["Predicate"] = predicate.ToString(),
        ["Inputs"] = new JsonArray(input.Describe()),
    };
}
