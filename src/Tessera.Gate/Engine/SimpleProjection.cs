using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// Keeps the first `columns` columns: drops what the planner added for HAVING, ORDER BY or AVG.
internal sealed partial class SimpleProjection(IPrimitive input, int columns) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        return result.Truncate(columns);
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "SimpleProjection",
        ["Columns"] = columns,
        ["Inputs"] = new JsonArray(input.Describe()),
    };
}
