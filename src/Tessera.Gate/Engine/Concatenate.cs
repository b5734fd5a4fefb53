using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// UNION ALL of inputs that cannot run as one query: rows of each input in turn.
internal sealed partial class Concatenate(IReadOnlyList<IPrimitive> inputs) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        Result? first = null;
        var rows = new List<Value[]>();
        foreach (var input in inputs)
        {
            var r = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
            if (first is not null && r.Fields.Count != first.Fields.Count && r.Rows.Count > 0)
            {
                throw Errors.GateErrors.WrongArguments.Create("The used SELECT statements have a different number of columns");
            }

            first ??= r;
            rows.AddRange(r.Rows);
        }

        return new Result(first?.Fields ?? [], rows);
    }

    public JsonObject Describe() => new()
    {
        ["OperatorType"] = "Concatenate",
        ["Inputs"] = new JsonArray([.. inputs.Select(i => (JsonNode)i.Describe())]),
    };
}
