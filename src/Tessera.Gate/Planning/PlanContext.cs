using Tessera.Keys;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// What a plan depends on besides the statement: the VSchema snapshot and the session's target
// (`use ks`, `use ks/-80`, `use ks@replica`). Part of the plan-cache key.
internal sealed record PlanContext(VSchemaSnapshot VSchema, string? Keyspace, string TabletType = "primary", Destination? Destination = null)
{
    // Only planning needs the set; a cached plan's execution must not pay for building it.
    public IReadOnlySet<string> KeyspaceNames => field ??= VSchema.Keyspaces.Keys.ToHashSet(StringComparer.Ordinal);

    public string CacheKey => field ??= $"{Keyspace}|{TabletType}|{Destination}|{VSchema.Revision}";
}
