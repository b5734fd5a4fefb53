using System.Text.Json.Nodes;
using Tessera.Gate.Engine;

namespace Tessera.Gate.Planning;

// A cached plan: the primitive tree for one normalized statement and target, and what it has done.
internal sealed record Plan(string QueryType, string Original, IPrimitive Instructions)
{
    private string? _planType;

    public Web.PlanStats Stats { get; } = new();

    // The root primitive and its variant (Route:EqualUnique, Join, Aggregate ...): the metrics'
    // plan_type label, worked out once per plan.
    public string PlanType => _planType ??= Label(Instructions.Describe());

    public JsonObject Describe() => new()
    {
        ["QueryType"] = QueryType,
        ["Original"] = Original,
        ["Instructions"] = Instructions.Describe(),
    };

    private static string Label(JsonObject d)
    {
        var op = d["OperatorType"]?.GetValue<string>() ?? "Unknown";
        return d["Variant"] is JsonValue v && v.TryGetValue<string>(out var variant) ? op + ":" + variant : op;
    }
}
