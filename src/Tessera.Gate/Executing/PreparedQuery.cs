using Tessera.Gate.Engine;
using Tessera.Gate.Evaluation;
using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// What a prepared statement keeps between executions (kept in the protocol's per-statement slot):
// the statement already parsed, its `?` turned into :v1.. and normalized, its literals as bind
// values, and the plan-cache key of the last target it ran for. An execution then only binds
// the parameters and looks the plan up (Vitess plans prepared statements once, too).
internal sealed class PreparedQuery(Statement normalized, string text, IReadOnlyList<KeyValuePair<string, BindValue>> literals, bool gateOnly)
{
    private (string? Keyspace, string TabletType, Keys.Destination? Destination, long Revision, string Key)? last;

    public Statement Normalized { get; } = normalized;

    public IReadOnlyList<KeyValuePair<string, BindValue>> Literals { get; } = literals;

    public bool GateOnly { get; } = gateOnly;

    // The target rarely changes between executions of one statement: reuse the key's string.
    public string KeyFor(PlanContext ctx)
    {
        if (last is { } l && l.Revision == ctx.VSchema.Revision && l.Keyspace == ctx.Keyspace && l.TabletType == ctx.TabletType && Equals(l.Destination, ctx.Destination))
        {
            return l.Key;
        }

        var key = text + "|" + ctx.CacheKey;
        last = (ctx.Keyspace, ctx.TabletType, ctx.Destination, ctx.VSchema.Revision, key);
        return key;
    }

    public static IReadOnlyList<KeyValuePair<string, BindValue>> BindLiterals(IReadOnlyDictionary<string, Literal> literals) =>
        [.. literals.Select(l => KeyValuePair.Create(l.Key, BindValue.Of(EvalTranslator.FromLiteral(l.Value))))];
}
