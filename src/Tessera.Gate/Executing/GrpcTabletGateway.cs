using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Rpc.Channels;
using Tessera.Rpc.QueryWire;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;
using Rq = Tessera.Rpc.Query;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Gate.Executing;

// The real tablet gateway (Vitess: tabletgateway + healthcheck): discovers the cell's tablets from
// the topo every few seconds, keeps one StreamHealth stream per tablet, and sends each query to a
// serving tablet of the wanted keyspace/shard/type (replicas lagging over MaxLag are avoided). A
// tablet whose stream breaks is out of rotation at once; one that leaves the topo is forgotten at
// the next discovery. Serving shards come from the cell's SrvKeyspace, cached briefly.
internal sealed partial class GrpcTabletGateway : ITabletGateway, IAsyncDisposable
{
    private sealed class TabletHealth(Tablet tablet, GrpcChannel channel, QueryWireClient? wire)
    {
        public Tablet Tablet { get; } = tablet;

        public GrpcChannel Channel { get; } = channel;

        public Rpc.QueryService.Query.QueryClient Client { get; } = new(channel);

        // The query wire when the tablet offers one (its "query" port): the unary calls go there.
        public QueryWireClient? Wire { get; } = wire;

        public CancellationTokenSource Stop { get; } = new();

        public volatile Rq.Target? Target;

        public volatile bool Serving;

        public uint LagSeconds;

        // When this tablet became primary (its health says so): during a reparent two tablets
        // may briefly both report PRIMARY, and the newer term is the one to write to.
        public long PrimaryTermStart;

        public string Error = "";
    }

    private readonly TopoServer _topo;
    private readonly string _cell;
    private readonly ConcurrentDictionary<string, TabletHealth> _tablets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTime At, SrvKeyspace Value)> _srvKeyspaces = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _discovery;

    public GrpcTabletGateway(TopoServer topo, string cell)
    {
        _topo = topo;
        _cell = cell;
    }

    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxLag { get; init; } = TimeSpan.FromSeconds(30);

    // Unary query calls over the tablet's query wire when it has one; otherwise all over gRPC.
    public bool UseQueryWire { get; init; } = true;

    public void Start() => _discovery = Task.Run(DiscoverLoopAsync);

    // Waits until every keyspace's shards have a serving tablet of each wanted type (the
    // --tablet-types-to-wait flag), or the time runs out.
    public async Task WaitForTabletsAsync(IReadOnlyList<string> tabletTypes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            await DiscoverOnceAsync(cancellationToken).ConfigureAwait(false);
            var ready = true;
            foreach (var ks in await _topo.GetSrvKeyspaceNamesAsync(_cell, cancellationToken).ConfigureAwait(false))
            {
                foreach (var type in tabletTypes)
                {
                    foreach (var shard in await ServingShardsAsync(ks, type, cancellationToken).ConfigureAwait(false))
                    {
                        ready &= Pick(new ShardTarget(ks, shard, type)) is not null;
                    }
                }
            }

            if (ready)
            {
                return;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<IReadOnlyList<string>> ServingShardsAsync(string keyspace, string tabletType, CancellationToken cancellationToken)
    {
        if (!_srvKeyspaces.TryGetValue(keyspace, out var cached) || DateTime.UtcNow - cached.At > TimeSpan.FromSeconds(1))
        {
            try
            {
                cached = (DateTime.UtcNow, await _topo.GetSrvKeyspaceAsync(_cell, keyspace, cancellationToken).ConfigureAwait(false));
                _srvKeyspaces[keyspace] = cached;
            }
            catch (TopoException)
            {
                return [];
            }
        }

        var partition = cached.Value.PartitionFor(ToTopo(tabletType));
        return partition is null ? [] : [.. partition.ShardReferences.Select(r => r.Name)];
    }

    public async ValueTask<Result> ExecuteAsync(ShardTarget target, BoundQuery query, long transactionId, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.ExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query), TransactionId = transactionId };
        Rq.ExecuteResponse response;
        try
        {
            response = await ExecuteOnAsync(t, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (transactionId == 0 && IsUnavailable(e))
        {
            return await RetryElsewhereAsync(t, target, query, cancellationToken).ConfigureAwait(false);
        }

        if (transactionId == 0 && response.Error is { Code: UnavailableCode })
        {
            return await RetryElsewhereAsync(t, target, query, cancellationToken).ConfigureAwait(false);
        }

        ProtoConvert.ThrowIfError(response.Error);
        return ProtoConvert.FromProto(response.Result);
    }

    public async ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, BoundQuery query, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.BeginExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query) };
        var response = t.Wire is { } wire
            ? await CallAsync(t, wire, QueryWireMethod.BeginExecute, request, Rq.BeginExecuteResponse.Parser, cancellationToken).ConfigureAwait(false)
            : await t.Client.BeginExecuteAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        BegunTransactionException.ThrowIfError(response.Error, response.TransactionId);
        return (response.TransactionId, ProtoConvert.FromProto(response.Result));
    }

    // One StreamExecute call; batches (about 256 KiB each from the tablet) are handed on as they
    // arrive, so HTTP/2 flow control holds the tablet back when the reader is slow.
    public async IAsyncEnumerable<Result> StreamExecuteAsync(ShardTarget target, BoundQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var t = Choose(target);
        using var call = t.Client.StreamExecute(new Rq.StreamExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query) }, cancellationToken: cancellationToken);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            ProtoConvert.ThrowIfError(response.Error);
            yield return ProtoConvert.FromProto(response.Result);
        }
    }

    public async ValueTask CommitAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.CommitRequest { Target = t.Target, TransactionId = transactionId };
        var response = t.Wire is { } wire
            ? await CallAsync(t, wire, QueryWireMethod.Commit, request, Rq.CommitResponse.Parser, cancellationToken).ConfigureAwait(false)
            : await t.Client.CommitAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        ProtoConvert.ThrowIfError(response.Error);
    }

    public async ValueTask RollbackAsync(ShardTarget target, long transactionId, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.RollbackRequest { Target = t.Target, TransactionId = transactionId };
        var response = t.Wire is { } wire
            ? await CallAsync(t, wire, QueryWireMethod.Rollback, request, Rq.RollbackResponse.Parser, cancellationToken).ConfigureAwait(false)
            : await t.Client.RollbackAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        ProtoConvert.ThrowIfError(response.Error);
    }

    // A failed wire call is the tablet being unreachable, said as such; query errors are not
    // exceptions here but the response's RpcError.
    private static async ValueTask<TResponse> CallAsync<TResponse>(TabletHealth t, QueryWireClient wire, QueryWireMethod method, Google.Protobuf.IMessage request,
        Google.Protobuf.MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : Google.Protobuf.IMessage<TResponse>
    {
        try
        {
            return await wire.CallAsync(method, request, parser, cancellationToken).ConfigureAwait(false);
        }
        catch (QueryWireException e)
        {
            throw GateErrors.TabletUnavailable.Create($"tablet {t.Tablet.Alias} unavailable: {e.Message}");
        }
    }

    public IReadOnlyList<string[]> DescribeTablets() =>
        [.. _tablets.Values.OrderBy(t => t.Tablet.Alias.ToString(), StringComparer.Ordinal).Select(t => new[]
        {
            t.Tablet.Alias.Cell, t.Tablet.Keyspace, t.Tablet.Shard, (t.Target?.TabletType ?? Rpc.Topodata.TabletType.Unknown).ToString().ToUpperInvariant(),
            t.Serving ? "SERVING" : "NOT_SERVING", t.Tablet.Alias.ToString(), t.Tablet.Hostname, t.Tablet.PrimaryTermStartTime?.ToString("O") ?? "",
        })];

    // The tablet error class for "not serving now" (Vitess's UNAVAILABLE).
    private const int UnavailableCode = 14;

    // A tablet that stopped serving between its last health message and this query (going away,
    // draining) is taken out of rotation now and the query, outside a transaction, tried once on
    // another tablet of the shard, so reads keep succeeding while tablets come and go.
    private async ValueTask<Result> RetryElsewhereAsync(TabletHealth failed, ShardTarget target, BoundQuery query, CancellationToken cancellationToken)
    {
        failed.Serving = false;
        var t = Choose(target);
        var response = await ExecuteOnAsync(t, new Rq.ExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query) }, cancellationToken).ConfigureAwait(false);
        ProtoConvert.ThrowIfError(response.Error);
        return ProtoConvert.FromProto(response.Result);
    }

    // Over the tablet's query wire when it has one, else gRPC.
    private static async ValueTask<Rq.ExecuteResponse> ExecuteOnAsync(TabletHealth t, Rq.ExecuteRequest request, CancellationToken cancellationToken) =>
        t.Wire is { } wire
            ? await CallAsync(t, wire, QueryWireMethod.Execute, request, Rq.ExecuteResponse.Parser, cancellationToken).ConfigureAwait(false)
            : await t.Client.ExecuteAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);

    // The tablet could not be reached at all (gRPC Unavailable, or the query wire's connection error).
    private static bool IsUnavailable(Exception e) =>
        e is RpcException { StatusCode: StatusCode.Unavailable } || (e is GateException g && g.Code == GateErrors.TabletUnavailable);

    // For the status page and metrics: every known tablet and whether queries go to it.
    public IReadOnlyList<TabletHealthInfo> HealthSnapshot() =>
        [.. _tablets.Values.OrderBy(t => t.Tablet.Alias.ToString(), StringComparer.Ordinal).Select(t => new TabletHealthInfo(
            t.Tablet.Alias.ToString(), t.Tablet.Keyspace, t.Tablet.Shard, (t.Target?.TabletType ?? Rpc.Topodata.TabletType.Unknown).ToString().ToUpperInvariant(),
            t.Serving, t.LagSeconds, t.Error, t.Channel.Target))];

    private TabletHealth Choose(ShardTarget target) =>
        Pick(target) ?? throw GateErrors.NoHealthyTablet.Create($"no healthy tablet available for '{target.Keyspace}/{target.Shard}@{target.TabletType}'");

    private TabletHealth? Pick(ShardTarget target)
    {
        var type = ToProto(target.TabletType);
        var candidates = _tablets.Values.Where(t => t.Serving && t.Target is { } tt && tt.Keyspace == target.Keyspace && tt.Shard == target.Shard && tt.TabletType == type
            && (type == Rpc.Topodata.TabletType.Primary || t.LagSeconds <= MaxLag.TotalSeconds)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        return type == Rpc.Topodata.TabletType.Primary
            ? candidates.MaxBy(t => Interlocked.Read(ref t.PrimaryTermStart))
            : candidates[Random.Shared.Next(candidates.Count)];
    }

    private async Task DiscoverLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await DiscoverOnceAsync(_stop.Token).ConfigureAwait(false);
                await Task.Delay(DiscoveryInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (TopoException)
            {
                // The topo being briefly unavailable keeps the last known tablets serving.
            }
        }
    }

    private async Task DiscoverOnceAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alias in await _topo.GetTabletAliasesByCellAsync(_cell, cancellationToken).ConfigureAwait(false))
        {
            var key = alias.ToString();
            seen.Add(key);
            // A serving tablet is as its record said. One whose health stream broke may have
            // restarted under the same alias on other ports (a system-chosen query port changes
            // with every start): its record is read again, and on a change it is replaced.
            if (_tablets.TryGetValue(key, out var known) && known.Serving)
            {
                continue;
            }

            var info = await _topo.GetTabletAsync(alias, cancellationToken).ConfigureAwait(false);
            if (!info.Tablet.PortMap.TryGetValue("grpc", out var port))
            {
                continue;
            }

            if (known is not null)
            {
                if (SameAddresses(known.Tablet, info.Tablet) || !_tablets.TryRemove(new KeyValuePair<string, TabletHealth>(key, known)))
                {
                    continue;
                }

                await known.Stop.CancelAsync().ConfigureAwait(false);
                known.Channel.Dispose();
                known.Wire?.Dispose();
            }

            var host = info.Tablet.Hostname.Length > 0 ? info.Tablet.Hostname : "127.0.0.1";
            var wire = UseQueryWire && info.Tablet.PortMap.TryGetValue("query", out var queryPort) && queryPort > 0 ? new QueryWireClient(host, queryPort) : null;
            var health = new TabletHealth(info.Tablet, TabletChannel.Create(host, port), wire);
            if (_tablets.TryAdd(key, health))
            {
                _ = Task.Run(() => HealthLoopAsync(health));
            }
        }

        foreach (var key in _tablets.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            if (_tablets.TryRemove(key, out var gone))
            {
                await gone.Stop.CancelAsync().ConfigureAwait(false);
                gone.Channel.Dispose();
                gone.Wire?.Dispose();
            }
        }
    }

    private static bool SameAddresses(Tablet a, Tablet b) =>
        a.Hostname == b.Hostname
        && a.PortMap.GetValueOrDefault("grpc") == b.PortMap.GetValueOrDefault("grpc")
        && a.PortMap.GetValueOrDefault("query") == b.PortMap.GetValueOrDefault("query");

    // One StreamHealth per tablet; a broken stream marks it not serving and is retried.
    private async Task HealthLoopAsync(TabletHealth t)
    {
        while (!t.Stop.IsCancellationRequested)
        {
            try
            {
                using var call = t.Client.StreamHealth(new Rq.StreamHealthRequest(), cancellationToken: t.Stop.Token);
                await foreach (var h in call.ResponseStream.ReadAllAsync(t.Stop.Token).ConfigureAwait(false))
                {
                    t.Target = h.Target;
                    t.LagSeconds = h.RealtimeStats?.ReplicationLagSeconds ?? 0;
                    Interlocked.Exchange(ref t.PrimaryTermStart, h.PrimaryTermStartTimestamp);
                    t.Error = h.RealtimeStats?.HealthError ?? "";
                    t.Serving = h.Serving && t.Error.Length == 0;
                }
            }
            catch (Exception) when (!t.Stop.IsCancellationRequested)
            {
                // Reconnect below.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            t.Serving = false;
            try
            {
                await Task.Delay(500, t.Stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TopoTabletType ToTopo(string type) => type switch
    {
        "replica" => TopoTabletType.Replica,
        "rdonly" => TopoTabletType.Rdonly,
        _ => TopoTabletType.Primary,
    };

    private static Rpc.Topodata.TabletType ToProto(string type) => type switch
    {
        "replica" => Rpc.Topodata.TabletType.Replica,
        "rdonly" => Rpc.Topodata.TabletType.Rdonly,
        _ => Rpc.Topodata.TabletType.Primary,
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_discovery is not null)
        {
            await _discovery.ConfigureAwait(false);
        }

        foreach (var t in _tablets.Values)
        {
            await t.Stop.CancelAsync().ConfigureAwait(false);
            t.Channel.Dispose();
            t.Wire?.Dispose();
        }

        _stop.Dispose();
    }
}
