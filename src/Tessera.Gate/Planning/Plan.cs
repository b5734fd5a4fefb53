using System.Text.Json.Nodes;
using Tessera.Gate.Engine;

namespace Tessera.Gate.Planning;

// A cached plan: the primitive tree for one normalized statement and target.
internal sealed record Plan(string QueryType, string Original, IPrimitive Instructions)
{
    public JsonObject Describe() => new()
    {
        ["QueryType"] = QueryType,
        ["Original"] = Original,
        ["Instructions"] = Instructions.Describe(),
    };
}
