using System.Net;
using Tessera.Gate.Evaluation;
using Tessera.Gate.Executing;
using Tessera.Gate.FrontEnd;
using Tessera.Protocol.Auth;
using Tessera.Protocol.Server;
using Tessera.Topo;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate;

public sealed record GateOptions
{
    public string Cell { get; init; } = "zone1";

    public int MySqlPort { get; init; } = 15306;

    // The web port (status page, /metrics); 0 takes a free one (tests). The CLI's default is 15001.
    public int WebPort { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    public string TopoImplementation { get; init; } = "file";

    public string TopoGlobalRoot { get; init; } = "";

    public string TopoGlobalServerAddress { get; init; } = "";

    // Tablet types every serving shard must have a healthy tablet of before the gate listens.
    public IReadOnlyList<string> TabletTypesToWait { get; init; } = [];

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    // Replicas lagging more than this get no queries (Vitess: --discovery_low_replication_lag).
    public TimeSpan MaxReplicationLag { get; init; } = TimeSpan.FromSeconds(30);

    public string? MySqlAuthStaticFile { get; init; }

    // How queries reach tablets (Vitess: --tablet_protocol): "wire", the query wire where a tablet
    // offers one and gRPC elsewhere, or "grpc" for every call.
    public string TabletProtocol { get; init; } = "wire";

    // One thread per client connection with blocking I/O (MariaDB's model): a single-shard query
    // then runs start to finish on that thread, query wire included, with no thread hand-off.
    public bool ThreadPerConnection { get; init; } = true;
}

// `tessera gate`: topo → VSchema (watched, swapped whole, plan cache dropped on change) and tablet
// health → executor → MySQL listener. Vitess: vtgate.
public sealed class GateServer : IAsyncDisposable
{
    private readonly GrpcTabletGateway _gateway;
    private readonly MySqlServer _mysql;
    private readonly TopoRecordWatch<string>? _vschemaWatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watchTask;
    private readonly Web.GateWebServer _web;

    private GateServer(GrpcTabletGateway gateway, MySqlServer mysql, Web.GateWebServer web, TopoRecordWatch<string>? vschemaWatch, VSchemaHolder holder)
    {
        _gateway = gateway;
        _mysql = mysql;
        _web = web;
        _vschemaWatch = vschemaWatch;
        _watchTask = vschemaWatch is null ? Task.CompletedTask : Task.Run(() => WatchAsync(holder));
    }

    public int MySqlPort => _mysql.Port;

    public int WebPort => _web.Port;

    public static async Task<GateServer> StartAsync(GateOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topo = new TopoServer(TopoBackendFactory.Open(options.TopoImplementation, options.TopoGlobalServerAddress, options.TopoGlobalRoot), options.Cell);
        var holder = new VSchemaHolder();
        TopoRecordWatch<string>? watch = null;
        try
        {
            watch = await topo.WatchSrvVSchemaAsync(options.Cell, cancellationToken).ConfigureAwait(false);
            holder.Update(VSchemaJson.ParseSrvVSchema(watch.Current));
        }
        catch (Topo.Backend.TopoException)
        {
            // No SrvVSchema yet: serve an empty one until it appears (checked on each query via the holder).
        }

        var gateway = new GrpcTabletGateway(topo, options.Cell) { MaxLag = options.MaxReplicationLag, UseQueryWire = options.TabletProtocol != "grpc" };
        if (options.TabletTypesToWait.Count > 0)
        {
            await gateway.WaitForTabletsAsync(options.TabletTypesToWait, options.WaitTimeout, cancellationToken).ConfigureAwait(false);
        }

        gateway.Start();
        var executor = new Executor(holder, gateway);
        var mysql = new MySqlServer(
            new MySqlServerOptions
            {
                EndPoint = new IPEndPoint(options.BindAddress, options.MySqlPort),
                ServerVersion = SessionFuncEval.Version,
                Authenticator = options.MySqlAuthStaticFile is { } f ? StaticAuthenticator.LoadFile(f) : NoAuthenticator.Instance,
                ThreadPerConnection = options.ThreadPerConnection,
            },
            new GateHandler(executor));
        Web.GateWebServer web;
        try
        {
            web = await Web.GateWebServer.StartAsync(options, executor, gateway, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        mysql.Start();
        return new GateServer(gateway, mysql, web, watch, holder);
    }

    private async Task WatchAsync(VSchemaHolder holder)
    {
        try
        {
            await foreach (var json in _vschemaWatch!.ChangesAsync(_stop.Token).ConfigureAwait(false))
            {
                if (json is not null)
                {
                    try
                    {
                        holder.Update(VSchemaJson.ParseSrvVSchema(json));
                    }
                    catch (VSchemaException)
                    {
                        // A bad VSchema in the topo keeps the last good one serving.
                    }
                    catch (System.Text.Json.JsonException)
                    {
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _mysql.DisposeAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
        await _watchTask.ConfigureAwait(false);
        if (_vschemaWatch is not null)
        {
            await _vschemaWatch.DisposeAsync().ConfigureAwait(false);
        }

        await _gateway.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
