using Tessera.Topo.Records;

namespace Tessera.Tablet.Server;

// What a starting tablet is, from its --init-tablet-type and the shard record, as vttablet's
// tablet manager decides at start (checkPrimaryShip): the tablet the shard record names as
// primary_alias is the PRIMARY again (a restarted primary keeps its term); one started as primary
// while the record names ANOTHER tablet must not take the shard from it, and starts as a REPLICA.
// Only a shard with no primary yet is claimed by a tablet started as primary.
internal sealed record StartType(TabletType Type, DateTimeOffset? PrimaryTermStart, string? Why)
{
    public static StartType Decide(TabletAlias alias, TabletType initType, string shardName, Shard shard, DateTimeOffset now)
    {
        var named = shard.PrimaryAlias;
        if (named is { } primary && primary == alias)
        {
            return new StartType(TabletType.Primary, shard.PrimaryTermStartTime ?? now, initType == TabletType.Primary
                ? null
                : $"started as {initType.ToString().ToUpperInvariant()}, but the shard record of {shardName} names this tablet as its primary: starting as PRIMARY");
        }
        if (initType != TabletType.Primary) return new StartType(initType, null, null);
        if (named is { } other)
            return new StartType(TabletType.Replica, null, $"started as PRIMARY, but the shard record of {shardName} names {other} as its primary: starting as REPLICA");
        return new StartType(TabletType.Primary, now, null);
    }

    // Whether the shard record must be changed to name this tablet as primary.
    public bool Claims(TabletAlias alias, Shard shard) =>
        Type == TabletType.Primary && (shard.PrimaryAlias != alias || shard.PrimaryTermStartTime != PrimaryTermStart);
}
