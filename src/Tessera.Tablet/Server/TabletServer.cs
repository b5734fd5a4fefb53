using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Mysqlctl;
using Tessera.Rpc.Channels;
using Tessera.Tablet.Connections;
using Tessera.Tablet.Health;
using Tessera.Tablet.QueryService;
using Tessera.Tablet.TabletManager;
using Tessera.Topo;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Server;

// One tablet process (Vitess vttablet): attaches to (or initialises and starts) its MariaDB,
// creates the keyspace's database, registers in the topo, and serves the query service and the
// tablet manager over gRPC (HTTP/2 cleartext), the query service's unary calls also over the query
// wire (what the gate uses), and a status page and metrics over HTTP. StopAsync
// drains: not serving, transactions given a grace period, topo record removed. MariaDB is left
// running, as vttablet leaves mysqld to mysqlctl.
public sealed class TabletServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly QueryWireServer wire;
    private readonly HealthReporter health;
    private readonly TopoRegistration registration;
    private int stopped;
    private object? lastRecorded;

    private TabletServer(TabletConfig config, Mysqld mysqld, WebApplication app, QueryWireServer wire, QueryEngine engine, HealthReporter health,
        TopoRegistration registration, TabletStateHolder state)
    {
        this.wire = wire;
        Config = config;
        Mysqld = mysqld;
        this.app = app;
        Engine = engine;
        this.health = health;
        this.registration = registration;
        State = state;
    }

    public TabletConfig Config { get; }
    public Mysqld Mysqld { get; }
    public int GrpcPort => Config.EffectiveGrpcPort;
    public int WebPort => Config.EffectiveWebPort;
    public int QueryPort => wire.Port;
    // What it serves as now (at start: its --init-tablet-type unless the shard record decides
    // otherwise, see StartType).
    public TopoTabletType Type => State.Current.Type;
    internal QueryEngine Engine { get; }
    internal TabletStateHolder State { get; }
    internal HealthReporter Health => health;

    public static async Task<TabletServer> StartAsync(TabletConfig config, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var mysqld = Mysqld.ForTablet(config.TabletUid, config.DataRoot, config.MysqlPort);
        if (!mysqld.IsInitialized) await mysqld.InitAsync(cancellationToken: ct).ConfigureAwait(false);
        else if (!mysqld.IsRunning) await mysqld.StartAsync(cancellationToken: ct).ConfigureAwait(false);

        var db = new DbConnector(mysqld.Mycnf.SocketFile, config.DbName, config.MysqlReadTimeout, config.MysqlAdminReadTimeout);
        var topo = new TopoServer(TopoBackendFactory.Open(config.TopoImplementation, config.TopoGlobalServerAddress, config.TopoGlobalRoot), config.Cell);
        var wire = QueryWireServer.Bind(config.QueryPort ?? 0);
        var registration = new TopoRegistration(topo, config, config.EffectiveWebPort, config.EffectiveGrpcPort, mysqld.Mycnf.Port, wire.Port);
        var (start, shard) = await registration.DecideStartTypeAsync(ct).ConfigureAwait(false);
        if (start.Why is not null) Log(loggerFactory, $"tablet {config.Alias}: {start.Why}");
        var primary = start.Type == TopoTabletType.Primary;
        await PrepareMysqlAsync(db, config, primary, ct).ConfigureAwait(false);

        var state = new TabletStateHolder(new TabletState { Type = start.Type, PrimaryTermStart = start.PrimaryTermStart });
        await registration.RegisterAsync(state.Current, shard, ct).ConfigureAwait(false);
        var denied = await registration.DeniedTablesAsync(start.Type, ct).ConfigureAwait(false);
        state.Update(s => s with { DeniedTables = denied });

        var engine = new QueryEngine(config, state, db);
        HealthReporter? health = null;
        var controller = new TabletController(config, state, db, engine, registration, () => health!);
        health = new HealthReporter(config, state, db, engine, async token =>
        {
            // Applied only if nothing (RefreshState, ChangeType) replaced the list or the type while
            // the topo was read: this read may be older than theirs.
            var before = state.Current;
            var current = await registration.DeniedTablesAsync(before.Type, token).ConfigureAwait(false);
            state.Update(s => s.Type != before.Type || !ReferenceEquals(s.DeniedTables, before.DeniedTables) || s.DeniedTables.Equals(current)
                ? s
                : s with { DeniedTables = current });
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (loggerFactory is not null) builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, ExternalLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Callers are gates and ctld inside the cluster, not clients on the internet: the
            // minimum data rates (slow-client protection) would only add a timer check to every
            // read and write of every call.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.ListenAnyIP(config.EffectiveGrpcPort, o => o.Protocols = HttpProtocols.Http2);
            // The same services on a unix socket for callers on this host (TabletChannel).
            kestrel.Listen(TabletChannel.LocalEndPoint(config.EffectiveGrpcPort), o => o.Protocols = HttpProtocols.Http2);
            kestrel.ListenAnyIP(config.EffectiveWebPort, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(engine);
        var calls = new QueryCalls(engine, config);
        builder.Services.AddSingleton(calls);
        builder.Services.AddSingleton(health);
        builder.Services.AddSingleton(controller);
        // One service object for all calls instead of one per call (it holds no per-call state).
        builder.Services.AddSingleton<QueryGrpcService>();
        var app = builder.Build();
        app.MapGrpcService<QueryGrpcService>();
        app.MapGrpcService<TabletManagerGrpcService>();
        app.MapGet("/debug/status", () => Results.Content(StatusPage.Render(config, state.Current, engine, start.Why), "text/html"));
        app.MapGet("/debug/health", () => state.Current.IsServingNow ? Results.Text("ok") : Results.Text(state.Current.HealthError, statusCode: 500));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(engine.Metrics.Render(engine), context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(ct).ConfigureAwait(false);
        wire.Start(calls);

        state.Update(s => s with { Serving = true });
        var server = new TabletServer(config, mysqld, app, wire, engine, health, registration, state);
        state.Changed += server.OnStateChanged;
        await health.CheckAsync(ct).ConfigureAwait(false);
        health.Start();
        return server;
    }

    // The process has no logger of its own unless its owner gives one: then its stderr is its log.
    private static void Log(ILoggerFactory? loggerFactory, string message)
    {
        if (loggerFactory is null) Console.Error.WriteLine(message);
        else loggerFactory.CreateLogger<TabletServer>().LogWarning("{Message}", message);
    }

    // The keyspace's database (created without binlog: every tablet of the shard creates its own,
    // and a replicated CREATE DATABASE would be an errant GTID on the others), read_only by type,
    // and replication resumed if it was configured (skip-slave-start keeps MariaDB from doing it).
    private static async Task PrepareMysqlAsync(DbConnector db, TabletConfig config, bool primary, CancellationToken ct)
    {
        await using var dba = await db.DbaAsync(null, ct).ConfigureAwait(false);
        await dba.ExecuteAsync($"SET sql_log_bin = 0; CREATE DATABASE IF NOT EXISTS `{config.DbName.Replace("`", "``", StringComparison.Ordinal)}`; SET sql_log_bin = 1", ct).ConfigureAwait(false);
        await dba.ExecuteAsync(primary ? "SET GLOBAL read_only = 0" : "SET GLOBAL read_only = 1", ct).ConfigureAwait(false);
        if (!primary)
        {
            var replication = await Replication.StatusAsync(dba, ct).ConfigureAwait(false);
            if (replication.Configured && !(replication.IoRunning && replication.SqlRunning)) await dba.ExecuteAsync("START SLAVE", ct).ConfigureAwait(false);
        }
    }

    // Keeps the topo record's type current; failures are retried by the next change or restart.
    private void OnStateChanged(TabletState current)
    {
        if (Volatile.Read(ref stopped) != 0) return;
        // Health ticks change lag and errors; only what the record holds is worth a topo write.
        var recorded = (current.Type, current.PrimaryTermStart);
        if (Interlocked.Exchange(ref lastRecorded, recorded) is { } previous && previous.Equals(recorded)) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await registration.UpdateAsync(current, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Topo.Backend.TopoException or IOException)
            {
            }
        });
    }

    // SIGTERM: stop serving (health says so at once), let transactions finish within the grace
    // period, remove the topo record, stop listening.
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0) return;
        State.Update(s => s with { Serving = false });
        await Engine.DrainAsync(Config.ShutdownGracePeriod).ConfigureAwait(false);
        try
        {
            await registration.UnregisterAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Topo.Backend.TopoException)
        {
        }
        await health.DisposeAsync().ConfigureAwait(false);
        await wire.DisposeAsync().ConfigureAwait(false);
        await app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    // The process owner (the CLI's signal handler, a test) decides when to stop, not the host's
    // own Ctrl-C/SIGTERM handling, so the drain runs before the listeners close.
    private sealed class ExternalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
