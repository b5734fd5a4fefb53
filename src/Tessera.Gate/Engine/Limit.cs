using System.Text.Json.Nodes;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;

namespace Tessera.Gate.Engine;

// LIMIT [offset,] count applied in the gate after its input merged the shards' rows. The route
// below was asked for offset+count rows per shard; when those are bind variables (prepared
// statements) the sum is passed down as `:__upper_limit`. Vitess: engine.Limit.
internal sealed partial class Limit(IPrimitive input, EvalExpr count, EvalExpr? offset) : IPrimitive
{
    public const string UpperLimitVariable = "__upper_limit";

    public IPrimitive Input { get; } = input;

    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var (n, skip, bv) = Bind(cursor, bindVariables);
        var result = await Input.ExecuteAsync(cursor, bv, cancellationToken).ConfigureAwait(false);
        var rows = result.Rows.Skip((int)Math.Min(skip, int.MaxValue)).Take((int)Math.Min(n, int.MaxValue)).ToList();
        return new Result(result.Fields, rows);
    }

    // The count and offset, and the input's bind variables with offset+count as :__upper_limit.
    private (long Count, long Offset, Dictionary<string, BindValue> BindVariables) Bind(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables)
    {
        var env = new EvalEnv(null, bindVariables, cursor);
        var n = ToCount(count.Evaluate(env));
        var skip = offset is null ? 0 : ToCount(offset.Evaluate(env));
        var bv = ExecutionHelpers.With(bindVariables, 1);
        bv[UpperLimitVariable] = BindValue.Of(Value.FromInt64(n + skip));
        return (n, skip, bv);
    }

    private static long ToCount(Value v) =>
        v.IsIntegral && v.TryGetInt64(out var n) && n >= 0
            ? n
            : throw GateErrors.WrongArguments.Create($"incorrect arguments to LIMIT: {v}");

    public JsonObject Describe()
    {
        var o = new JsonObject { ["OperatorType"] = "Limit", ["Count"] = count.ToString() };
        if (offset is not null)
        {
            o["Offset"] = offset.ToString();
        }

        o["Inputs"] = new JsonArray(Input.Describe());
        return o;
    }
}
