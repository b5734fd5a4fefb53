using System.Text.Json.Nodes;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Gate.Engine;

// Where a Route, Update or Delete goes: resolved once here for all of them rather than in a
// switch per primitive. For IN, each shard gets its own subset of the values as the tuple bind
// variable `InVariable` (`col in ::__vals`).
internal sealed record RoutingParams(RouteOpcode Opcode, string Keyspace)
{
    public const string InVariable = "__vals";

    public IVindex? Vindex { get; init; }

    public IReadOnlyList<EvalExpr> Values { get; init; } = [];

    public Destination? TargetDestination { get; init; }

    public async ValueTask<List<(string Shard, IReadOnlyDictionary<string, BindValue> BindVariables)>> ResolveAsync(
        IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var resolver = await cursor.ResolverAsync(Keyspace, cancellationToken).ConfigureAwait(false);
        switch (Opcode)
        {
            case RouteOpcode.Unsharded or RouteOpcode.Reference or RouteOpcode.Next or RouteOpcode.DBA or RouteOpcode.None:
                return Each(resolver.Resolve(DestinationAnyShard.Instance), bindVariables);
            case RouteOpcode.Scatter:
                return Each(resolver.Resolve(DestinationAllShards.Instance), bindVariables);
            case RouteOpcode.ByDestination:
                return Each(resolver.Resolve(TargetDestination ?? DestinationAllShards.Instance), bindVariables);
            case RouteOpcode.EqualUnique or RouteOpcode.Equal:
            {
                var env = new EvalEnv(null, bindVariables, cursor);
                var value = Values[0].Evaluate(env);
                var dest = await Vindex!.MapAsync(cursor.LookupQuery, [value.ToSqlValue()], cancellationToken).ConfigureAwait(false);
                return Each(resolver.Resolve(dest[0]), bindVariables);
            }

            case RouteOpcode.IN:
            {
                var env = new EvalEnv(null, bindVariables, cursor);
                var values = new List<Value>();
                foreach (var v in Values)
                {
                    if (v is BindVarEval b && bindVariables.TryGetValue(b.Name, out var bv) && bv.IsTuple)
                    {
                        values.AddRange(bv.Values!);
                    }
                    else
                    {
                        values.Add(v.Evaluate(env));
                    }
                }

                var dests = await Vindex!.MapAsync(cursor.LookupQuery, [.. values.Select(x => x.ToSqlValue())], cancellationToken).ConfigureAwait(false);
                var perShard = new Dictionary<string, List<Value>>(StringComparer.Ordinal);
                var order = new List<string>();
                for (var i = 0; i < dests.Length; i++)
                {
                    foreach (var shard in resolver.Resolve(dests[i]))
                    {
                        if (!perShard.TryGetValue(shard, out var list))
                        {
                            perShard[shard] = list = [];
                            order.Add(shard);
                        }

                        if (!list.Contains(values[i]))
                        {
                            list.Add(values[i]);
                        }
                    }
                }

                var result = new List<(string, IReadOnlyDictionary<string, BindValue>)>(order.Count);
                foreach (var shard in resolver.Shards.Select(s => s.Name).Where(perShard.ContainsKey))
                {
                    var bv = ExecutionHelpers.With(bindVariables, 1);
                    bv[InVariable] = BindValue.Tuple(perShard[shard]);
                    result.Add((shard, bv));
                }

                return result;
            }

            default:
                throw GateErrors.Internal.Create($"unknown route opcode {Opcode}");
        }
    }

    private static List<(string, IReadOnlyDictionary<string, BindValue>)> Each(IReadOnlyList<string> shards, IReadOnlyDictionary<string, BindValue> bindVariables) =>
        [.. shards.Select(s => (s, bindVariables))];

    public void DescribeInto(JsonObject o)
    {
        o["Variant"] = Opcode.ToString();
        o["Keyspace"] = Keyspace;
        if (TargetDestination is not null)
        {
            o["TargetDestination"] = TargetDestination.ToString();
        }

        if (Vindex is not null)
        {
            o["Vindex"] = Vindex.Name;
        }

        if (Values.Count > 0)
        {
            o["Values"] = new JsonArray([.. Values.Select(v => (JsonNode)JsonValue.Create(v.ToString())!)]);
        }
    }
}
