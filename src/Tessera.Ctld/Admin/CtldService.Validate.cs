using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

public sealed partial class CtldService
{
    // Vitess's Validate: the topo against what the tablets report. Every tablet record must belong
    // to an existing shard and answer; the type it reports (its health stream) must be its
    // record's; each shard with tablets has exactly one PRIMARY, the one its record names, which
    // is writable and replicates from nobody; every other tablet replicates from that primary
    // with both threads running. pingTablets also pings each tablet's manager first. Answers one
    // line per problem, in a stable order; none when all agree.
    public async Task<IReadOnlyList<string>> ValidateAsync(bool pingTablets = false, CancellationToken ct = default)
    {
        var problems = new List<string>();
        var tablets = new List<Tablet>();
        foreach (var cell in await Topo.GetKnownCellsAsync(ct))
        {
            foreach (var alias in await Topo.GetTabletAliasesByCellAsync(cell, ct))
            {
                try
                {
                    tablets.Add((await Topo.GetTabletAsync(alias, ct)).Tablet);
                }
                catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
                {
                }
                catch (TopoException e)
                {
                    problems.Add($"tablet {alias}: its record cannot be read: {e.Message}");
                }
            }
        }

        var shards = new List<ShardInfo>();
        foreach (var keyspace in (await Topo.GetKeyspaceNamesAsync(ct)).Order(StringComparer.Ordinal))
        {
            try
            {
                shards.AddRange(await Topo.GetShardsAsync(keyspace, ct));
            }
            catch (TopoException e)
            {
                problems.Add($"keyspace {keyspace}: its shards cannot be read: {e.Message}");
            }
        }

        var known = shards.Select(s => ShardKey(s.Keyspace, s.ShardName)).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in tablets.Where(t => !known.Contains(ShardKey(t.Keyspace, t.Shard))))
            problems.Add($"tablet {orphan.Alias} is recorded for {orphan.Keyspace}/{orphan.Shard}, which has no shard record");

        var perShard = await Task.WhenAll(shards.Select(s =>
            ValidateShardAsync(s, [.. tablets.Where(t => ShardKey(t.Keyspace, t.Shard) == ShardKey(s.Keyspace, s.ShardName)).OrderBy(t => t.Alias)], pingTablets, ct)));
        problems.AddRange(perShard.SelectMany(p => p));
        return problems;
    }

    private static string ShardKey(string keyspace, string shard) => keyspace + "/" + shard.ToLowerInvariant();

    private static async Task<List<string>> ValidateShardAsync(ShardInfo shard, IReadOnlyList<Tablet> tablets, bool ping, CancellationToken ct)
    {
        var problems = new List<string>();
        if (tablets.Count == 0)
            return problems;
        var name = $"{shard.Keyspace}/{shard.ShardName}";
        var recorded = shard.Shard.PrimaryAlias;
        var typedPrimary = tablets.Where(t => t.Type == TabletType.Primary).ToList();
        if (recorded is null)
            problems.Add($"shard {name} has tablets but its record names no primary");
        else if (tablets.All(t => t.Alias != recorded))
            problems.Add($"shard {name} names primary {recorded}, which has no tablet record in the shard");
        if (typedPrimary.Count != 1)
            problems.Add($"shard {name} has {typedPrimary.Count} tablets of type PRIMARY{(typedPrimary.Count > 0 ? " (" + string.Join(", ", typedPrimary.Select(t => t.Alias)) + ")" : "")}, expected exactly one");
        else if (recorded is { } r && typedPrimary[0].Alias != r)
            problems.Add($"shard {name}: tablet {typedPrimary[0].Alias} is PRIMARY but the shard record names {r}");

        var primary = tablets.FirstOrDefault(t => t.Alias == recorded);
        var checks = await Task.WhenAll(tablets.Select(t => ValidateTabletAsync(t, primary, ping, ct)));
        problems.AddRange(checks.SelectMany(c => c));
        return problems;
    }

    private static async Task<List<string>> ValidateTabletAsync(Tablet tablet, Tablet? primary, bool ping, CancellationToken ct)
    {
        var problems = new List<string>();
        var timeout = TimeSpan.FromSeconds(10);
        try
        {
            if (ping)
                await TabletRpc.CallAsync(tablet, "Ping", (m, o) => m.PingAsync(new PingRequest { Payload = "validate" }, o), timeout, ct);

            var reported = await ReportedTypeAsync(tablet, timeout, ct);
            if (reported != tablet.Type)
                problems.Add($"tablet {tablet.Alias} reports type {reported.ToString().ToUpperInvariant()}, its record says {tablet.Type.ToString().ToUpperInvariant()}");

            var status = await TabletRpc.CallAsync(tablet, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
            // Just after START SLAVE the IO thread is "Connecting" for a moment (it retries every
            // second): a replica of the primary gets a few seconds before it counts as stopped.
            for (var retry = 0; retry < 5 && primary is not null && tablet.Alias != primary.Alias && IsSourcedFrom(status, primary) && !(status.IoRunning && status.SqlRunning)
                && status.LastError.Length == 0; retry++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                status = await TabletRpc.CallAsync(tablet, "ReplicationStatus", (m, o) => m.ReplicationStatusAsync(new ReplicationStatusRequest(), o), timeout, ct);
            }
            if (primary is null)
                return problems;
            if (tablet.Alias == primary.Alias)
            {
                if (status.SourceHost.Length > 0 && (status.IoRunning || status.SqlRunning))
                    problems.Add($"primary {tablet.Alias} replicates from {CtlFormat.Addr(status.SourceHost, status.SourcePort)}");
                var readOnly = await TabletRpc.CallAsync(tablet, "ExecuteFetchAsDba", (m, o) => m.ExecuteFetchAsDbaAsync(new ExecuteFetchAsDbaRequest { Query = "SELECT @@GLOBAL.read_only" }, o), timeout, ct);
                if (readOnly.Error is null && readOnly.Result.Rows.Count == 1 && readOnly.Result.Rows[0].Values.Span.SequenceEqual("1"u8))
                    problems.Add($"primary {tablet.Alias} is read-only");
            }
            else if (!IsSourcedFrom(status, primary))
            {
                var source = status.SourceHost.Length > 0 ? "from " + CtlFormat.Addr(status.SourceHost, status.SourcePort) : "from nobody";
                problems.Add($"tablet {tablet.Alias} replicates {source}, not from the primary {primary.Alias} ({CtlFormat.Addr(primary.MysqlHostname.Length > 0 ? primary.MysqlHostname : primary.Hostname, primary.MysqlPort)})");
            }
            else if (!(status.IoRunning && status.SqlRunning))
            {
                problems.Add($"tablet {tablet.Alias} replication from {primary.Alias} is not running (io thread {(status.IoRunning ? "running" : "stopped")}, sql thread {(status.SqlRunning ? "running" : "stopped")}{(status.LastError.Length > 0 ? ", " + status.LastError : "")})");
            }
        }
        catch (CtldException e)
        {
            problems.Add(e.Message);
        }
        return problems;
    }

    // The type in the tablet's first health message (its query service's StreamHealth).
    private static async Task<TabletType> ReportedTypeAsync(Tablet tablet, TimeSpan timeout, CancellationToken ct)
    {
        var port = tablet.PortMap.GetValueOrDefault("grpc");
        var address = CtlFormat.Addr(tablet.Hostname.Length > 0 ? tablet.Hostname : "127.0.0.1", port);
        using var channel = GrpcChannel.ForAddress("http://" + address);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var stream = new Rpc.QueryService.Query.QueryClient(channel).StreamHealth(new StreamHealthRequest(), cancellationToken: cts.Token);
            if (!await stream.ResponseStream.MoveNext(cts.Token))
                throw new CtldException(CtldErrorCode.FailedPrecondition, $"tablet {tablet.Alias} at {address} closed its health stream without a message");
            return (TabletType)(int)stream.ResponseStream.Current.Target.TabletType;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"tablet {tablet.Alias} unreachable at {address}: no health message within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        }
        catch (RpcException e)
        {
            var why = cts.IsCancellationRequested ? $"no health message within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s" : e.Status.Detail;
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"tablet {tablet.Alias} unreachable at {address}: {why}");
        }
    }
}
