using System.Text.Json.Nodes;

namespace Tessera.Gate.Engine;

// One node of a plan (Vitess: engine.Primitive). Immutable once planned, shared by every execution
// of a cached plan; per-execution state lives in locals and the cursor.
internal interface IPrimitive
{
    ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken);

    // A small JSON tree of what this node does and its inputs: what plan tests compare.
    JsonObject Describe();
}
