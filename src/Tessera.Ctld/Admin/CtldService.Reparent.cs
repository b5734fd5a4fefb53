using Tessera.Rpc.TabletManager;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

// What a reparent answers: the shard's primary afterwards and what was done, step by step.
public sealed record ReparentResult(string Keyspace, string Shard, TabletAlias PromotedPrimary, IReadOnlyList<string> Events);

public sealed partial class CtldService
{
    // Vitess's ChangeTabletType: a non-primary tablet becomes another non-primary type (replica,
    // rdonly, drained, ...) through its own tablet manager, which updates its topo record.
    // The primary moves only by reparenting, so PRIMARY is refused on either side.
    public async Task<(Tablet Before, Tablet After)> ChangeTabletTypeAsync(string alias, string type, bool dryRun = false, CancellationToken ct = default)
    {
        var tabletAlias = TabletAlias.Parse(RequireName("tablet alias", alias));
        var newType = ParseTabletType(RequireName("tablet type", type));
        var before = (await Topo.GetTabletAsync(tabletAlias, ct)).Tablet;
        if (newType == TabletType.Primary)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"tablet {tabletAlias} cannot be made PRIMARY by ChangeTabletType; use PlannedReparentShard {before.Keyspace}/{before.Shard} --new-primary {tabletAlias}");
        }
        if (before.Type == TabletType.Primary)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"tablet {tabletAlias} is the PRIMARY of {before.Keyspace}/{before.Shard}; move the primary first with PlannedReparentShard {before.Keyspace}/{before.Shard} --avoid-primary {tabletAlias}");
        }
        if (dryRun)
            return (before, before with { Type = newType });

        // Under the shard lock, so a type change never interleaves with a reparent of the shard.
        await using (await Topo.LockShardAsync(before.Keyspace, before.Shard, $"ChangeTabletType({tabletAlias}, {newType})", ct))
        {
            await TabletRpc.CallAsync(before, "ChangeType", (m, o) => m.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletRpc.Type(newType) }, o), ct: ct);
        }
        return (before, (await Topo.GetTabletAsync(tabletAlias, ct)).Tablet);
    }

    // Vitess's InitShardPrimary: for a new shard, the chosen tablet becomes the primary
    // (InitPrimary: replication reset, read-write, type PRIMARY) and every other tablet of the
    // shard replicates from the position it had then. Refused without force when the shard already
    // has a different primary. A retry with the same primary leaves replicas already replicating
    // from it alone (re-initialising one would skip what it has not applied yet).
    public async Task<ReparentResult> InitShardPrimaryAsync(string keyspace, string shard, string primaryElect, bool force = false,
        TimeSpan? waitReplicasTimeout = null, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        RequireName("shard", shard);
        var electAlias = TabletAlias.Parse(RequireName("primary-elect tablet alias", primaryElect));
        var events = new ReparentEvents();
        await using var shardLock = await Topo.LockShardAsync(keyspace, shard, $"InitShardPrimary({electAlias})", ct);
        var (shardInfo, tablets) = await ReadShardTabletsAsync(keyspace, shard, ct);
        var elect = tablets.FirstOrDefault(t => t.Alias == electAlias)?.Tablet
            ?? throw new CtldException(CtldErrorCode.NotFound, $"tablet {electAlias} is not a tablet of shard {keyspace}/{shard}");

        if (shardInfo.Shard.PrimaryAlias is { } current && current != electAlias && !force)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"shard {keyspace}/{shard} already has primary {current}; use --force to make {electAlias} the primary anyway, or PlannedReparentShard to move it");
        }
        var otherPrimaries = tablets.Where(t => t.Alias != electAlias && t.Tablet.Type == TabletType.Primary).Select(t => t.Alias).ToList();
        if (otherPrimaries.Count > 0 && !force)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"tablet {string.Join(", ", otherPrimaries)} of shard {keyspace}/{shard} is already PRIMARY; use --force to make {electAlias} the primary anyway");
        }

        var position = (await TabletRpc.CallAsync(elect, "InitPrimary", (m, o) => m.InitPrimaryAsync(new InitPrimaryRequest(), o), ct: ct)).Position;
        events.Add($"tablet {electAlias} is now the primary (InitPrimary), at position '{position}'");
        await RecordShardPrimaryAsync(shardLock, keyspace, shard, electAlias, events, ct);

        var timeout = waitReplicasTimeout ?? TabletRpc.DefaultTimeout;
        var others = tablets.Where(t => t.Alias != electAlias).Select(t => t.Tablet).ToList();
        var failures = await Task.WhenAll(others.Select(t => CaptureAsync(t, () => AttachReplicaAsync(t, elect, position, timeout, events, ct))));
        ThrowIfReplicaFailures(keyspace, shard, electAlias, failures, "InitShardPrimary");
        return new ReparentResult(keyspace, shard, electAlias, events.ToList());
    }

    // A tablet already replicating from the primary is left as it is (or only started); any
    // other one is initialised as its replica from position.
    private static async Task AttachReplicaAsync(Tablet replica, Tablet primary, string position, TimeSpan timeout, ReparentEvents events, CancellationToken ct)
    {
        var status = await TabletRpc.CallAsync(replica, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
        if (IsSourcedFrom(status, primary))
        {
            if (status.IoRunning && status.SqlRunning)
            {
                events.Add($"tablet {replica.Alias} already replicates from {primary.Alias}");
                return;
            }
            await TabletRpc.CallAsync(replica, "SetReplicationSource", (m, o) => m.SetReplicationSourceAsync(new SetReplicationSourceRequest
            {
                Parent = TabletRpc.Alias(primary.Alias),
                ForceStartReplication = true,
            }, o), timeout, ct);
            events.Add($"tablet {replica.Alias} restarted its replication from {primary.Alias}");
            return;
        }
        await TabletRpc.CallAsync(replica, "InitReplica", (m, o) => m.InitReplicaAsync(new InitReplicaRequest
        {
            Parent = TabletRpc.Alias(primary.Alias),
            ReplicationPosition = position,
        }, o), timeout, ct);
        events.Add($"tablet {replica.Alias} replicates from {primary.Alias} (InitReplica at '{position}')");
    }

    // The replica's CHANGE MASTER names the primary's MariaDB (as the tablet sets it from the
    // primary's record: its MySQL host, else its host).
    private static bool IsSourcedFrom(ReplicationStatusResponse status, Tablet primary)
    {
        var host = primary.MysqlHostname.Length > 0 ? primary.MysqlHostname : primary.Hostname;
        return status.SourcePort == primary.MysqlPort && string.Equals(status.SourceHost, host, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(ShardInfo Shard, IReadOnlyList<TabletInfo> Tablets)> ReadShardTabletsAsync(string keyspace, string shard, CancellationToken ct)
    {
        var shardInfo = await Topo.GetShardAsync(keyspace, shard, ct);
        var tablets = await Topo.GetTabletsByShardAsync(keyspace, shardInfo.ShardName, ct: ct);
        return (shardInfo, [.. tablets.OrderBy(t => t.Alias)]);
    }

    // The shard record names the new primary and its term start (the tablet's own, as it
    // recorded when it became primary), checked against the lock first so a lost lock never
    // overwrites another reparent's result.
    private async Task RecordShardPrimaryAsync(ITopoLock shardLock, string keyspace, string shard, TabletAlias primary, ReparentEvents events, CancellationToken ct)
    {
        await shardLock.CheckAsync(ct);
        var record = (await Topo.GetTabletAsync(primary, ct)).Tablet;
        var termStart = record.PrimaryTermStartTime ?? DateTimeOffset.UtcNow;
        await Topo.UpdateShardFieldsAsync(keyspace, shard, s => s with { PrimaryAlias = primary, PrimaryTermStartTime = termStart }, ct);
        events.Add($"shard {keyspace}/{shard} record: primary_alias {primary}");
    }

    private static async Task<string?> CaptureAsync(Tablet tablet, Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (CtldException e)
        {
            return e.Message;
        }
        catch (TopoException e)
        {
            return $"tablet {tablet.Alias}: {e.Message}";
        }
    }

    private static void ThrowIfReplicaFailures(string keyspace, string shard, TabletAlias primary, IEnumerable<string?> failures, string command)
    {
        var failed = failures.Where(f => f is not null).ToList();
        if (failed.Count == 0)
            return;
        throw new CtldException(CtldErrorCode.FailedPrecondition,
            $"{primary} is the primary of {keyspace}/{shard}, but {failed.Count} tablet(s) could not be pointed at it: {string.Join("; ", failed)}; fix them and run {command} again");
    }
}

// The step-by-step account of a reparent; steps run concurrently for the replicas.
internal sealed class ReparentEvents
{
    private readonly List<string> _events = [];

    public void Add(string message)
    {
        lock (_events)
            _events.Add(message);
    }

    public List<string> ToList()
    {
        lock (_events)
            return [.. _events];
    }
}
