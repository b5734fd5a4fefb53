using Tessera.Rpc.TabletManager;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

public sealed partial class CtldService
{
    public static readonly TimeSpan DefaultWaitReplicasTimeout = TimeSpan.FromSeconds(15);

    // Called between a planned reparent's steps with the step's name ("demoted"), so tests can
    // make a step fail at a known point (kill a server) and check what is undone.
    internal Func<string, CancellationToken, Task>? ReparentStepHook { get; set; }

    // Vitess's PlannedReparentShard (go/vt/vtctl/reparentutil/planned_reparenter.go), on a shard
    // whose primary is alive:
    //   1. choose the new primary: the one asked for, or the most caught-up REPLICA that is not
    //      avoided; with only --avoid-primary naming a tablet that is not the primary, nothing to do;
    //   2. let it catch up with the primary while writes still flow (keeps the pause short);
    //   3. demote the primary: read-only, so no write is acknowledged from then on, and read its
    //      position, which holds every acknowledged write;
    //   4. wait until the new primary has applied that position;
    //   5. promote it (InitPrimary: replication reset, read-write, type PRIMARY) and record it;
    //   6. point the old primary (as a replica from the demotion position) and the others at it.
    // A failure before the promotion undoes the demotion, so the old primary takes writes again.
    public async Task<ReparentResult> PlannedReparentShardAsync(string keyspace, string shard, string? newPrimary = null, string? avoidPrimary = null,
        TimeSpan? waitReplicasTimeout = null, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        RequireName("shard", shard);
        TabletAlias? wanted = string.IsNullOrEmpty(newPrimary) ? null : TabletAlias.Parse(newPrimary);
        TabletAlias? avoid = string.IsNullOrEmpty(avoidPrimary) ? null : TabletAlias.Parse(avoidPrimary);
        if (wanted is { } w && w == avoid)
            throw new CtldException($"--new-primary and --avoid-primary both name {w}");
        var timeout = waitReplicasTimeout ?? DefaultWaitReplicasTimeout;
        var events = new ReparentEvents();

        await using var shardLock = await Topo.LockShardAsync(keyspace, shard, $"PlannedReparentShard({wanted?.ToString() ?? "auto"})", ct);
        var (shardInfo, tablets) = await ReadShardTabletsAsync(keyspace, shard, ct);
        var currentAlias = shardInfo.Shard.PrimaryAlias
            ?? throw new CtldException(CtldErrorCode.FailedPrecondition, $"shard {keyspace}/{shard} has no primary; make one with InitShardPrimary");
        var current = tablets.FirstOrDefault(t => t.Alias == currentAlias)?.Tablet
            ?? throw new CtldException(CtldErrorCode.FailedPrecondition, $"the primary {currentAlias} of shard {keyspace}/{shard} has no tablet record; use EmergencyReparentShard");

        if (wanted is null && avoid is { } a && a != currentAlias)
        {
            events.Add($"{a} is not the primary of {keyspace}/{shard} ({currentAlias} is); nothing to do");
            return new ReparentResult(keyspace, shard, currentAlias, events.ToList());
        }
        if (wanted == currentAlias)
        {
            // Already done (a retry): only tablets left pointing elsewhere are repointed.
            events.Add($"{currentAlias} is already the primary of {keyspace}/{shard}");
            var stray = await Task.WhenAll(tablets.Where(t => t.Alias != currentAlias)
                .Select(t => CaptureAsync(t.Tablet, () => RepointStrayAsync(t.Tablet, current, timeout, events, ct))));
            ThrowIfReplicaFailures(keyspace, shard, currentAlias, stray, $"PlannedReparentShard {keyspace}/{shard} --new-primary {currentAlias}");
            return new ReparentResult(keyspace, shard, currentAlias, events.ToList());
        }

        Tablet candidate;
        if (wanted is { } chosen)
        {
            candidate = tablets.FirstOrDefault(t => t.Alias == chosen)?.Tablet
                ?? throw new CtldException(CtldErrorCode.NotFound, $"tablet {chosen} is not a tablet of shard {keyspace}/{shard}");
        }
        else
        {
            candidate = await ChooseMostCaughtUpAsync(tablets.Select(t => t.Tablet).Where(t => t.Alias != currentAlias && t.Alias != avoid && t.Type == TabletType.Replica),
                timeout, events, ct) ?? throw new CtldException(CtldErrorCode.FailedPrecondition,
                    $"shard {keyspace}/{shard} has no reachable REPLICA other than {currentAlias} to promote");
        }
        events.Add($"new primary: {candidate.Alias} (was {currentAlias})");

        // 2. Catch up before the pause; nothing has changed yet if this fails.
        var before = await PrimaryPositionAsync(current, ct);
        await WaitForPositionAsync(candidate, before, timeout, "before the primary is demoted; nothing was changed", ct);

        // 3.-5. Demote, wait, promote; undo the demotion on any failure up to the promotion.
        await TabletRpc.CallAsync(current, "SetReadOnly", (m, o) => m.SetReadOnlyAsync(new SetReadOnlyRequest(), o), ct: ct);
        events.Add($"demoted {currentAlias}: read-only, no write is acknowledged any more");
        string demoted;
        var promoting = false;
        try
        {
            if (ReparentStepHook is { } hook)
                await hook("demoted", ct);
            demoted = await PrimaryPositionAsync(current, ct);
            events.Add($"{currentAlias} stopped at position '{demoted}'");
            await WaitForPositionAsync(candidate, demoted, timeout, "after the primary was demoted", ct);
            events.Add($"{candidate.Alias} has applied '{demoted}'");
            promoting = true;
            var promotedAt = (await TabletRpc.CallAsync(candidate, "InitPrimary", (m, o) => m.InitPrimaryAsync(new InitPrimaryRequest(), o), ct: ct)).Position;
            events.Add($"promoted {candidate.Alias}: read-write, type PRIMARY, at position '{promotedAt}'");
        }
        catch (CtldException e)
        {
            var undone = await UndoDemotionAsync(current, promoting ? candidate : null, events, ct);
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"PlannedReparentShard {keyspace}/{shard} to {candidate.Alias} failed ({e.Message}); {undone}");
        }

        await RecordShardPrimaryAsync(shardLock, keyspace, shard, candidate.Alias, events, ct);

        // 6. Repoint: the old primary from the position it stopped at, the others from theirs.
        var repoint = tablets.Where(t => t.Alias != candidate.Alias).Select(t => t.Tablet).Select(t => CaptureAsync(t, () => t.Alias == currentAlias
            ? InitReplicaAsync(t, candidate, demoted, timeout, events, ct)
            : SetSourceAsync(t, candidate, forceStart: false, timeout, events, ct)));
        ThrowIfReplicaFailures(keyspace, shard, candidate.Alias, await Task.WhenAll(repoint), $"PlannedReparentShard {keyspace}/{shard} --new-primary {candidate.Alias}");
        return new ReparentResult(keyspace, shard, candidate.Alias, events.ToList());
    }

    // The old primary takes writes again. When the candidate may already have been promoted (the
    // answer to InitPrimary was lost), it is made a replica of the old primary first, from the
    // demotion position it had reached, so there are never two writable primaries.
    private static async Task<string> UndoDemotionAsync(Tablet primary, Tablet? candidate, ReparentEvents events, CancellationToken ct)
    {
        try
        {
            if (candidate is not null)
            {
                var at = await PrimaryPositionAsync(primary, ct);
                await TabletRpc.CallAsync(candidate, "InitReplica", (m, o) => m.InitReplicaAsync(new InitReplicaRequest
                {
                    Parent = TabletRpc.Alias(primary.Alias),
                    ReplicationPosition = at,
                }, o), ct: ct);
            }
            await TabletRpc.CallAsync(primary, "SetReadWrite", (m, o) => m.SetReadWriteAsync(new SetReadWriteRequest(), o), ct: ct);
            events.Add($"undone: {primary.Alias} takes writes again");
            return $"the demotion was undone and {primary.Alias} is still the primary";
        }
        catch (CtldException undo)
        {
            return $"undoing the demotion failed too ({undo.Message}): {primary.Alias} may still be read-only; run PlannedReparentShard again or SetReadWrite it";
        }
    }

    // The most caught-up of the tablets by their applied GTID position (one containing all the
    // others, else the largest); ties go to the lowest alias. Unreachable tablets are skipped.
    private static async Task<Tablet?> ChooseMostCaughtUpAsync(IEnumerable<Tablet> candidates, TimeSpan timeout, ReparentEvents events, CancellationToken ct)
    {
        var positions = await Task.WhenAll(candidates.Select(async t =>
        {
            try
            {
                var status = await TabletRpc.CallAsync(t, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
                return (Tablet: t, Position: GtidSet.Parse(status.Position));
            }
            catch (CtldException e)
            {
                events.Add($"skipped {t.Alias} as a candidate: {e.Message}");
                return (Tablet: t, Position: (GtidSet?)null);
            }
        }));
        return MostAdvanced(positions.Where(p => p.Position is not null).Select(p => (p.Tablet, p.Position!)));
    }

    private static Tablet? MostAdvanced(IEnumerable<(Tablet Tablet, GtidSet Position)> positions)
    {
        var list = positions.OrderBy(p => p.Tablet.Alias).ToList();
        if (list.Count == 0)
            return null;
        return list.Where(p => list.All(o => p.Position.Contains(o.Position))).Select(p => p.Tablet).FirstOrDefault()
            ?? list.OrderByDescending(p => p.Position.Weight).ThenBy(p => p.Tablet.Alias).First().Tablet;
    }

    private static async Task<string> PrimaryPositionAsync(Tablet tablet, CancellationToken ct) =>
        (await TabletRpc.CallAsync(tablet, "PrimaryPosition", (m, o) => m.PrimaryPositionAsync(new PrimaryPositionRequest(), o), ct: ct)).Position;

    private static async Task WaitForPositionAsync(Tablet tablet, string position, TimeSpan timeout, string when, CancellationToken ct)
    {
        try
        {
            await TabletRpc.CallAsync(tablet, "WaitForPosition", (m, o) => m.WaitForPositionAsync(new WaitForPositionRequest
            {
                Position = position,
                TimeoutMs = (long)timeout.TotalMilliseconds,
            }, o), timeout + TimeSpan.FromSeconds(5), ct);
        }
        catch (CtldException e)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"{tablet.Alias} did not reach position '{position}' within {timeout.TotalSeconds:0.#} s {when}: {e.Message}");
        }
    }

    private static async Task InitReplicaAsync(Tablet replica, Tablet primary, string position, TimeSpan timeout, ReparentEvents events, CancellationToken ct)
    {
        await TabletRpc.CallAsync(replica, "InitReplica", (m, o) => m.InitReplicaAsync(new InitReplicaRequest
        {
            Parent = TabletRpc.Alias(primary.Alias),
            ReplicationPosition = position,
        }, o), timeout, ct);
        events.Add($"{replica.Alias} replicates from {primary.Alias} from position '{position}'");
    }

    private static async Task SetSourceAsync(Tablet replica, Tablet primary, bool forceStart, TimeSpan timeout, ReparentEvents events, CancellationToken ct)
    {
        await TabletRpc.CallAsync(replica, "SetReplicationSource", (m, o) => m.SetReplicationSourceAsync(new SetReplicationSourceRequest
        {
            Parent = TabletRpc.Alias(primary.Alias),
            ForceStartReplication = forceStart,
        }, o), timeout, ct);
        events.Add($"{replica.Alias} replicates from {primary.Alias}");
    }

    // After a reparent that did not finish: a tablet still typed PRIMARY becomes a replica from
    // its own position; one replicating from another source is pointed at the primary.
    private static async Task RepointStrayAsync(Tablet tablet, Tablet primary, TimeSpan timeout, ReparentEvents events, CancellationToken ct)
    {
        if (tablet.Type == TabletType.Primary)
        {
            await InitReplicaAsync(tablet, primary, await PrimaryPositionAsync(tablet, ct), timeout, events, ct);
            return;
        }
        var status = await TabletRpc.CallAsync(tablet, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
        if (status.SourceHost.Length > 0 && !IsSourcedFrom(status, primary))
            await SetSourceAsync(tablet, primary, forceStart: false, timeout, events, ct);
    }
}
