using Tessera.Rpc.TabletManager;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

public sealed partial class CtldService
{
    // Vitess's EmergencyReparentShard (go/vt/vtctl/reparentutil/emergency_reparenter.go), for a
    // shard whose primary is dead:
    //   1. every other tablet stops receiving (STOP SLAVE IO_THREAD, so a half-dead primary cannot
    //      move them on), applies what its relay log holds, and reports its GTID position;
    //   2. the new primary is the one asked for, or the most advanced REPLICA; when another tablet
    //      (an rdonly, say) is further ahead, the new primary first catches up from it;
    //   3. it is promoted (InitPrimary) and recorded in the shard record;
    //   4. the others replicate from it; the old primary, if its tablet still answers, is fenced
    //      (read-only, type REPLICA), else its record stops claiming PRIMARY.
    public async Task<ReparentResult> EmergencyReparentShardAsync(string keyspace, string shard, string? newPrimary = null, IReadOnlyList<string>? ignoreReplicas = null,
        TimeSpan? waitReplicasTimeout = null, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        RequireName("shard", shard);
        TabletAlias? wanted = string.IsNullOrEmpty(newPrimary) ? null : TabletAlias.Parse(newPrimary);
        var ignored = (ignoreReplicas ?? []).Select(TabletAlias.Parse).ToHashSet();
        var timeout = waitReplicasTimeout ?? DefaultWaitReplicasTimeout;
        var events = new ReparentEvents();

        await using var shardLock = await Topo.LockShardAsync(keyspace, shard, $"EmergencyReparentShard({wanted?.ToString() ?? "auto"})", ct);
        var (shardInfo, tablets) = await ReadShardTabletsAsync(keyspace, shard, ct);
        var oldAlias = shardInfo.Shard.PrimaryAlias;
        if (wanted is { } w && w == oldAlias)
            throw new CtldException($"{w} is the primary being replaced; name another tablet with --new-primary, or leave it out");
        if (wanted is { } named && tablets.All(t => t.Alias != named))
            throw new CtldException(CtldErrorCode.NotFound, $"tablet {named} is not a tablet of shard {keyspace}/{shard}");

        // A retry after success (or an ERS of a healthy shard) would throw away what the live
        // primary acknowledged since: that is PlannedReparentShard's job, so it is refused.
        if (oldAlias is { } live && tablets.FirstOrDefault(t => t.Alias == live)?.Tablet is { } liveTablet && await AnswersAsPrimaryAsync(liveTablet, ct) is { } at)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"the primary {live} of {keyspace}/{shard} is alive (at position '{at}'); use PlannedReparentShard {keyspace}/{shard}{(wanted is { } nw ? " --new-primary " + nw : "")} to move it without losing writes");
        }

        // 1. Freeze and read every candidate.
        var candidates = tablets.Select(t => t.Tablet).Where(t => t.Alias != oldAlias && !ignored.Contains(t.Alias) && t.Type != TabletType.Primary).ToList();
        var read = await Task.WhenAll(candidates.Select(async t =>
        {
            try
            {
                return (Tablet: t, Position: await StopAndReadPositionAsync(t, timeout, ct), Error: (string?)null);
            }
            catch (CtldException e)
            {
                events.Add($"left out {t.Alias}: {e.Message}");
                return (Tablet: t, Position: (GtidSet?)null, Error: (string?)e.Message);
            }
        }));
        var reachable = read.Where(r => r.Position is not null).Select(r => (r.Tablet, Position: r.Position!)).ToList();
        foreach (var (t, position) in reachable)
            events.Add($"{t.Alias} ({t.Type.ToString().ToUpperInvariant()}) stopped receiving at position '{position}'");

        // 2. Choose.
        Tablet chosen;
        if (wanted is { } asked)
        {
            var entry = read.First(r => r.Tablet.Alias == asked);
            if (entry.Position is null)
                throw new CtldException(CtldErrorCode.FailedPrecondition, $"cannot promote {asked}: {entry.Error ?? "it is the old primary, ignored, or typed PRIMARY"}");
            chosen = entry.Tablet;
        }
        else
        {
            chosen = MostAdvanced(reachable.Where(r => r.Tablet.Type == TabletType.Replica))
                ?? throw new CtldException(CtldErrorCode.FailedPrecondition, $"shard {keyspace}/{shard} has no reachable REPLICA to promote");
        }
        var best = MostAdvanced(reachable)!;
        var chosenPosition = reachable.First(r => r.Tablet.Alias == chosen.Alias).Position;
        var bestPosition = reachable.First(r => r.Tablet.Alias == best.Alias).Position;
        if (!chosenPosition.Contains(bestPosition))
        {
            events.Add($"{chosen.Alias} is behind {best.Alias}; catching up from it to '{bestPosition}'");
            await TabletRpc.CallAsync(chosen, "SetReplicationSource", (m, o) => m.SetReplicationSourceAsync(new SetReplicationSourceRequest
            {
                Parent = TabletRpc.Alias(best.Alias),
                ForceStartReplication = true,
                WaitPosition = bestPosition.ToString(),
            }, o), timeout + TimeSpan.FromSeconds(30), ct);
            await TabletRpc.CallAsync(chosen, "StopReplication", (m, o) => m.StopReplicationAsync(new StopReplicationRequest(), o), timeout, ct);
        }

        // 3. Promote and record.
        var promotedAt = (await TabletRpc.CallAsync(chosen, "InitPrimary", (m, o) => m.InitPrimaryAsync(new InitPrimaryRequest(), o), ct: ct)).Position;
        events.Add($"promoted {chosen.Alias}: read-write, type PRIMARY, at position '{promotedAt}'");
        await RecordShardPrimaryAsync(shardLock, keyspace, shard, chosen.Alias, events, ct);

        // 4. Repoint the reachable ones; the unreachable ones are named for the operator.
        var repoint = reachable.Where(r => r.Tablet.Alias != chosen.Alias)
            .Select(r => CaptureAsync(r.Tablet, () => SetSourceAsync(r.Tablet, chosen, forceStart: true, timeout, events, ct)));
        var failures = (await Task.WhenAll(repoint)).ToList();
        foreach (var (t, _, error) in read.Where(r => r.Position is null))
            events.Add($"{t.Alias} was not repointed ({error}); when it is back, point it at {chosen.Alias}");
        if (oldAlias is { } old && !ignored.Contains(old) && tablets.FirstOrDefault(t => t.Alias == old)?.Tablet is { } oldTablet)
            await FenceOldPrimaryAsync(oldTablet, events, ct);
        ThrowIfReplicaFailures(keyspace, shard, chosen.Alias, failures, $"PlannedReparentShard {keyspace}/{shard} --new-primary {chosen.Alias}");
        return new ReparentResult(keyspace, shard, chosen.Alias, events.ToList());
    }

    // The primary's position when its tablet and its MariaDB both answer, else null.
    private static async Task<string?> AnswersAsPrimaryAsync(Tablet primary, CancellationToken ct)
    {
        try
        {
            return (await TabletRpc.CallAsync(primary, "PrimaryPosition", (m, o) => m.PrimaryPositionAsync(new PrimaryPositionRequest(), o), TimeSpan.FromSeconds(5), ct)).Position;
        }
        catch (CtldException)
        {
            return null;
        }
    }

    // Stops the IO thread, waits for the relay log to be applied, and answers what was applied.
    private static async Task<GtidSet> StopAndReadPositionAsync(Tablet tablet, TimeSpan timeout, CancellationToken ct)
    {
        var stop = await TabletRpc.CallAsync(tablet, "ExecuteFetchAsDba", (m, o) => m.ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "STOP SLAVE IO_THREAD" }, o), timeout, ct);
        if (stop.Error is { } error)
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"STOP SLAVE IO_THREAD on tablet {tablet.Alias} failed: {error.Message}");
        var status = await TabletRpc.CallAsync(tablet, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
        if (status.RelayLogPosition.Length > 0)
            await WaitForPositionAsync(tablet, status.RelayLogPosition, timeout, "applying its relay log", ct);
        status = await TabletRpc.CallAsync(tablet, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
        return GtidSet.Parse(status.Position);
    }

    // The replaced primary must not take writes if it comes back: its tablet makes it a read-only
    // REPLICA when it answers; otherwise its record stops claiming PRIMARY, so gates and Validate
    // see one primary. Either way it does not replicate until an operator repoints it, because
    // it may hold transactions the new primary never saw.
    private async Task FenceOldPrimaryAsync(Tablet old, ReparentEvents events, CancellationToken ct)
    {
        try
        {
            await TabletRpc.CallAsync(old, "ChangeType", (m, o) => m.ChangeTypeAsync(new ChangeTypeRequest { TabletType = TabletRpc.Type(TabletType.Replica) }, o), TimeSpan.FromSeconds(5), ct);
            events.Add($"old primary {old.Alias} answered: made a read-only REPLICA, not replicating; check it for transactions the new primary lacks before repointing it");
        }
        catch (CtldException e)
        {
            try
            {
                await Topo.UpdateTabletFieldsAsync(old.Alias, t => t.Type == TabletType.Primary ? t with { Type = TabletType.Replica, PrimaryTermStartTime = null } : null, ct);
                events.Add($"old primary {old.Alias} is unreachable ({e.Message}); its record now says REPLICA");
            }
            catch (TopoException te)
            {
                events.Add($"old primary {old.Alias} is unreachable ({e.Message}) and its record could not be changed: {te.Message}");
            }
        }
    }
}
