using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// Sorts in the gate what could not come sorted from the shards (ORDER BY an aggregate). Stable.
internal sealed partial class MemorySort(IPrimitive input, IReadOnlyList<OrderByParam> orderBy) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var rows = result.Rows.Order(Comparer<Value[]>.Create((a, b) => OrderByParam.CompareRows(orderBy, a, b))).ToList();
        return new Result(result.Fields, rows);
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Sort",
        ["OrderBy"] = string.Join(", ", orderBy),
        ["Inputs"] = new JsonArray(input.Describe()),
    };
}
