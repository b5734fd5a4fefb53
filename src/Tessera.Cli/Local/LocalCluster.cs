using System.Globalization;
using System.Net.Sockets;
using Grpc.Net.Client;
using Tessera.Ctld.Web;
using Tessera.Mysqlctl;
using Tessera.Rpc.TabletManager;
using Tessera.Rpc.Topodata;
using Tessera.Topo;
using Tessera.Topo.Backend;

namespace Tessera.Cli.Local;

// Vitess's examples/local 101_initial_cluster.sh as one command: a file topo, ctld, tablets
// 100 (primary), 101 (replica), 102 (rdonly) on commerce/0, the seeds' schema and VSchema, the
// gate. `down` stops exactly what `up` recorded in its pid files.
internal sealed partial class LocalCluster(LocalLayout layout, TextWriter output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public const string CommerceSchema = """
        create table if not exists product(sku varbinary(128), description varbinary(128), price bigint, primary key(sku));
        create table if not exists customer(customer_id bigint not null auto_increment, email varbinary(128), primary key(customer_id));
        create table if not exists corder(order_id bigint not null auto_increment, customer_id bigint, sku varbinary(128), price bigint, primary key(order_id));
        """;

    public const string CommerceVSchema = """{"tables": {"product": {}, "customer": {}, "corder": {}}}""";

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public IEnumerable<(string Name, int? Pid, bool Alive)> Processes() =>
        layout.ProcessNames().Select(n => DetachedProcess.ReadPid(layout.PidFile(n)) is { } pid ? (n, (int?)pid, DetachedProcess.IsAlive(pid)) : (n, null, false));

    public async Task<int> UpAsync(CancellationToken ct)
    {
        var running = Processes().Where(p => p.Alive && LocalLayout.UpProcessNames().Contains(p.Name)).ToList();
        if (running.Count == LocalLayout.UpProcessNames().Count())
        {
            output.WriteLine($"tessera local: already up under {layout.DataRoot} (pids {string.Join(", ", running.Select(p => $"{p.Name} {p.Pid}"))}); `tessera local down` stops it");
            PrintHowToConnect();
            return 0;
        }

        if (running.Count > 0)
        {
            output.WriteLine($"tessera local: partly up under {layout.DataRoot} ({string.Join(", ", running.Select(p => p.Name))} running); run `tessera local down` first");
            return 1;
        }

        Directory.CreateDirectory(layout.TopoRoot);
        layout.SavePorts();
        var topo = new TopoServer(TopoBackendFactory.Open(TopoBackendFactory.File, "", layout.TopoRoot), LocalLayout.Cell);
        output.WriteLine($"creating keyspace {LocalLayout.Keyspace} shard {LocalLayout.Shard} in the file topo {layout.TopoRoot}");
        await IgnoreExistsAsync(() => topo.CreateKeyspaceAsync(LocalLayout.Keyspace, new Topo.Records.Keyspace(), ct)).ConfigureAwait(false);
        await IgnoreExistsAsync(() => topo.CreateShardAsync(LocalLayout.Keyspace, LocalLayout.Shard, force: true, ct)).ConfigureAwait(false);

        // A cluster brought up before (and stopped by `down`) keeps its topo: the shard still names
        // its primary (perhaps moved by PlannedReparentShard), the replicas their source, and the
        // schema and VSchemas are in place. Then every tablet simply starts again as what it is.
        var firstTime = (await topo.GetShardAsync(LocalLayout.Keyspace, LocalLayout.Shard, ct).ConfigureAwait(false)).Shard.PrimaryAlias is null;
        Start("ctld", ["ctld", "--cell", LocalLayout.Cell, "--port", Text(layout.CtldPort), "--grpc-port", Text(layout.CtldGrpcPort), .. TopoFlags]);
        var tablets = new List<LocalTablet>();
        foreach (var tablet in layout.Tablets()) tablets.Add(tablet with { Type = await StartTypeAsync(topo, tablet, ct).ConfigureAwait(false) });
        foreach (var tablet in tablets) StartTablet(tablet);

        await WaitForPortAsync("ctld", layout.CtldGrpcPort, ct).ConfigureAwait(false);
        foreach (var tablet in tablets)
        {
            await WaitForPortAsync(tablet.Name, layout.TabletGrpcPort(tablet.Uid), ct).ConfigureAwait(false);
        }

        if (firstTime) await InitCommerceAsync(topo, ct).ConfigureAwait(false);
        else output.WriteLine($"{LocalLayout.Keyspace}/{LocalLayout.Shard} was set up before; its tablets resume as they were");

        foreach (var tablet in tablets)
        {
            await WaitForHealthAsync(tablet.Name, $"http://127.0.0.1:{Text(layout.TabletWebPort(tablet.Uid))}/debug/health", ct).ConfigureAwait(false);
        }

        Start("gate", ["gate", "--cell", LocalLayout.Cell, "--mysql-port", Text(layout.GateMySqlPort), "--port", Text(layout.GateWebPort), "--tablet-types-to-wait", "PRIMARY,REPLICA,RDONLY", .. TopoFlags]);
        await WaitForPortAsync("gate", layout.GateMySqlPort, ct).ConfigureAwait(false);
        output.WriteLine("the local cluster is up");
        PrintHowToConnect();
        return 0;
    }

    // As Vitess's InitShardPrimary: the primary starts writing, the others replicate from the
    // position it had then; then the seeds' schema and VSchema.
    private async Task InitCommerceAsync(TopoServer topo, CancellationToken ct)
    {
        var primary = LocalLayout.TabletUids[0];
        output.WriteLine($"making tablet {LocalLayout.Cell}-{primary} the primary of {LocalLayout.Keyspace}/{LocalLayout.Shard}");
        var position = (await CallAsync(primary, (m, c) => m.InitPrimaryAsync(new InitPrimaryRequest(), cancellationToken: c).ResponseAsync, ct).ConfigureAwait(false)).Position;
        foreach (var uid in LocalLayout.TabletUids.Skip(1))
        {
            output.WriteLine($"tablet {LocalLayout.Cell}-{uid} replicates from {LocalLayout.Cell}-{primary}");
            await CallAsync(uid, (m, c) => m.InitReplicaAsync(new InitReplicaRequest
            {
                Parent = new TabletAlias { Cell = LocalLayout.Cell, Uid = primary },
                ReplicationPosition = position,
            }, cancellationToken: c).ResponseAsync, ct).ConfigureAwait(false);
        }

        // On the primary with replication allowed, so the replicas get the tables from its binlog.
        output.WriteLine("applying the commerce schema (product, customer, corder)");
        await CallAsync(primary, (m, c) => m.ApplySchemaAsync(new ApplySchemaRequest { Sql = CommerceSchema, AllowReplication = true }, cancellationToken: c).ResponseAsync, ct).ConfigureAwait(false);

        output.WriteLine("applying the commerce VSchema and rebuilding the serving graph");
        await topo.SaveVSchemaAsync(LocalLayout.Keyspace, CommerceVSchema, ct).ConfigureAwait(false);
        await topo.RebuildKeyspaceGraphAsync(LocalLayout.Keyspace, [LocalLayout.Cell], ct).ConfigureAwait(false);
        await topo.SaveSrvVSchemaAsync(LocalLayout.Cell, "{\"keyspaces\": {\"" + LocalLayout.Keyspace + "\": " + CommerceVSchema + "}}", ct).ConfigureAwait(false);
    }

    // What a tablet starts as: the primary if its shard's record names it (as vttablet does at
    // start), a replica if it was started as primary but the primary has moved, else its own type.
    private static async Task<string> StartTypeAsync(TopoServer topo, LocalTablet tablet, CancellationToken ct)
    {
        Topo.Records.TabletAlias? primary;
        try
        {
            primary = (await topo.GetShardAsync(tablet.Keyspace, tablet.Shard, ct).ConfigureAwait(false)).Shard.PrimaryAlias;
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NoNode)
        {
            return tablet.Type;
        }

        if (primary is not { } p) return tablet.Type;
        if (p.Cell == LocalLayout.Cell && p.Uid == tablet.Uid) return "primary";
        return tablet.Type == "primary" ? "replica" : tablet.Type;
    }

    public async Task<int> DownAsync()
    {
        var stoppedAny = false;
        foreach (var name in layout.ProcessNames())
        {
            var pidFile = layout.PidFile(name);
            if (DetachedProcess.ReadPid(pidFile) is not { } pid) continue;
            if (await DetachedProcess.StopAsync(pid, TimeSpan.FromSeconds(10)).ConfigureAwait(false))
            {
                output.WriteLine($"stopped {name} (pid {Text(pid)})");
                stoppedAny = true;
            }

            File.Delete(pidFile);
        }

        // The tablets leave their MariaDB running (as vttablet does); stop each one, as `mysqlctl shutdown`.
        foreach (var tablet in layout.Tablets())
        {
            var stopped = await ShutdownMysqlAsync(tablet.Uid).ConfigureAwait(false);
            if (stopped is null) return 1;
            stoppedAny |= stopped.Value;
        }

        output.WriteLine(stoppedAny ? "the local cluster is down" : $"tessera local: nothing running under {layout.DataRoot}");
        return 0;
    }

    public async Task<int> StatusAsync(CancellationToken ct)
    {
        var tablets = layout.Tablets().ToDictionary(t => t.Name);
        var anyAlive = false;
        foreach (var (name, pid, alive) in Processes())
        {
            anyAlive |= alive;
            var line = $"{name,-12} {(pid is { } p ? "pid " + Text(p) : "no pid"),-12} {(alive ? "alive" : "dead"),-6}";
            if (name == "ctld" && alive)
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                line += " health: " + await HealthAsync(http, $"http://127.0.0.1:{Text(layout.CtldPort)}/debug/health", ct).ConfigureAwait(false);
            }
            else if (tablets.TryGetValue(name, out var tablet))
            {
                line += $" {tablet.Keyspace + "/" + tablet.Shard,-14} {tablet.Type,-8}";
                if (alive)
                {
                    // As the tablet reports itself on StreamHealth: serving, its type now, and why not healthy.
                    var health = await TabletHealthProbe.ProbeAsync("127.0.0.1", layout.TabletGrpcPort(tablet.Uid), TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
                    line += " health: " + health.Summary + (health.Reachable && health.TabletType != tablet.Type ? $" (now {health.TabletType})" : "");
                }
            }

            output.WriteLine(line.TrimEnd());
        }

        foreach (var tablet in tablets.Values)
        {
            var pid = Mysqld.ForTablet(tablet.Uid, layout.DataRoot).ProcessId;
            output.WriteLine($"{"mariadb-" + Text((int)tablet.Uid),-12} {(pid is { } p ? "pid " + Text(p) : "no pid"),-12} {(pid is not null ? "alive" : "dead")}");
        }

        return anyAlive ? 0 : 3;
    }

    // True when it stopped a running MariaDB, false when none ran, null (after saying why) when
    // the shutdown failed.
    private async Task<bool?> ShutdownMysqlAsync(uint uid)
    {
        var mysqld = Mysqld.ForTablet(uid, layout.DataRoot);
        if (!mysqld.IsRunning) return false;
        output.WriteLine($"shutting down MariaDB of tablet {Text((int)uid)}");
        try
        {
            await mysqld.ShutdownAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return true;
        }
        catch (MysqlctlException e)
        {
            output.WriteLine($"tessera local: MariaDB of tablet {Text((int)uid)}: {e.Message}");
            return null;
        }
    }

    private void PrintHowToConnect()
    {
        output.WriteLine($"connect:  mariadb -h 127.0.0.1 -P {Text(layout.GateMySqlPort)} -u root");
        output.WriteLine($"ctld:     http://127.0.0.1:{Text(layout.CtldPort)}/");
        output.WriteLine($"gate:     http://127.0.0.1:{Text(layout.GateWebPort)}/debug/status");
        foreach (var tablet in layout.Tablets())
        {
            output.WriteLine($"tablet {Text((int)tablet.Uid)}: http://127.0.0.1:{Text(layout.TabletWebPort(tablet.Uid))}/debug/status ({tablet.Keyspace}/{tablet.Shard})");
        }

        output.WriteLine($"logs:     {layout.LogDir}");
    }

    private string[] TopoFlags => ["--topo-implementation", "file", "--topo-global-root", layout.TopoRoot];

    private void StartTablet(LocalTablet tablet) =>
        Start(tablet.Name, ["tablet", "--tablet-uid", Text((int)tablet.Uid), "--keyspace", tablet.Keyspace, "--shard", tablet.Shard,
            "--init-tablet-type", tablet.Type, "--cell", LocalLayout.Cell, "--data-root", layout.DataRoot,
            "--mysql-port", Text(layout.MysqlPort(tablet.Uid)), "--port", Text(layout.TabletWebPort(tablet.Uid)), "--grpc-port", Text(layout.TabletGrpcPort(tablet.Uid)), .. TopoFlags]);

    private void Start(string name, string[] arguments)
    {
        var pid = DetachedProcess.Start(arguments, layout.LogFile(name), layout.PidFile(name));
        output.WriteLine($"started {name} (pid {Text(pid)}, log {layout.LogFile(name)})");
    }

    private static async Task IgnoreExistsAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
        }
    }

    private async Task<T> CallAsync<T>(uint uid, Func<TabletManager.TabletManagerClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Text(layout.TabletGrpcPort(uid))}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        return await call(new TabletManager.TabletManagerClient(channel), timeout.Token).ConfigureAwait(false);
    }

    private async Task WaitForPortAsync(string name, int port, CancellationToken ct)
    {
        output.WriteLine($"waiting for {name} on port {Text(port)}");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            EnsureAlive(name);
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, ct).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForHealthAsync(string name, string url, CancellationToken ct)
    {
        output.WriteLine($"waiting for {name} to be healthy");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        string last;
        do
        {
            EnsureAlive(name);
            last = await HealthAsync(http, url, ct).ConfigureAwait(false);
            if (last == "ok") return;
            await Task.Delay(300, ct).ConfigureAwait(false);
        }
        while (DateTime.UtcNow < deadline);
        throw new IOException($"{name} is not healthy after {StartTimeout.TotalSeconds}s: {last}; see {layout.LogFile(name)}");
    }

    private static async Task<string> HealthAsync(HttpClient http, string url, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url), ct).ConfigureAwait(false);
            var body = (await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)).Trim();
            return response.IsSuccessStatusCode ? "ok" : "not serving: " + body;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "unreachable";
        }
    }

    private void EnsureAlive(string name)
    {
        if (DetachedProcess.ReadPid(layout.PidFile(name)) is not { } pid || !DetachedProcess.IsAlive(pid))
        {
            throw new IOException($"{name} exited; see {layout.LogFile(name)}{LogTail(layout.LogFile(name))}");
        }
    }

    // The last lines a server wrote before it exited: usually the reason (a port in use, ...).
    private static string LogTail(string logFile)
    {
        try
        {
            var lines = File.ReadLines(logFile).TakeLast(5).ToList();
            return lines.Count == 0 ? "" : ", which ends:" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
