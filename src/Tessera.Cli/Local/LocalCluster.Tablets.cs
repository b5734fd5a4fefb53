using System.Net;
using System.Net.Sockets;
using Tessera.Mysqlctl;
using Tessera.Topo;
using Tessera.Topo.Backend;

namespace Tessera.Cli.Local;

// `tablet-up` / `tablet-down`: Vitess's examples/common/scripts mysqlctl-up.sh + vttablet-up.sh
// and vttablet-down.sh + mysqlctl-down.sh, for one tablet of the running local cluster.
internal sealed partial class LocalCluster
{
    // Ports are base + uid (+1000 gRPC, +2000 MariaDB); a uid of 1000 or more would take another
    // tablet's gRPC or MariaDB port.
    public const uint MaxTabletUid = 999;

    public async Task<int> TabletUpAsync(LocalTablet tablet, CancellationToken ct)
    {
        if (!File.Exists(layout.PortsFile) || !Directory.Exists(layout.TopoRoot))
        {
            output.WriteLine($"tessera local tablet-up: no local cluster under {layout.DataRoot}; run `tessera local up` first");
            return 1;
        }

        if (tablet.Uid is 0 or > MaxTabletUid)
        {
            output.WriteLine($"tessera local tablet-up: --uid {Text((int)tablet.Uid)} is out of range (1 to {Text((int)MaxTabletUid)}: tablet ports are base + uid, gRPC base + 1000 + uid)");
            return 2;
        }

        if (layout.Tablets().FirstOrDefault(t => t.Uid == tablet.Uid) is { } known
            && (known.Keyspace != tablet.Keyspace || !known.Shard.Equals(tablet.Shard, StringComparison.OrdinalIgnoreCase)))
        {
            output.WriteLine($"tessera local tablet-up: tablet {Text((int)tablet.Uid)} belongs to {known.Keyspace}/{known.Shard}, not {tablet.Keyspace}/{tablet.Shard}; pick another --uid");
            return 1;
        }

        if (DetachedProcess.ReadPid(layout.PidFile(tablet.Name)) is { } running && DetachedProcess.IsAlive(running))
        {
            output.WriteLine($"{tablet.Name} is already up (pid {Text(running)}) serving {tablet.Keyspace}/{tablet.Shard}");
            return 0;
        }

        var mysqld = Mysqld.ForTablet(tablet.Uid, layout.DataRoot, layout.MysqlPort(tablet.Uid));
        // Say which port is taken before starting anything, rather than after a failed start.
        var ports = new List<(string What, int Port)> { ("web", layout.TabletWebPort(tablet.Uid)), ("gRPC", layout.TabletGrpcPort(tablet.Uid)) };
        if (!mysqld.IsRunning) ports.Add(("MariaDB", mysqld.Mycnf.Port));
        if (ports.FirstOrDefault(p => !PortIsFree(p.Port)) is { What: not null } taken)
        {
            output.WriteLine($"tessera local tablet-up: port {Text(taken.Port)} (tablet {Text((int)tablet.Uid)}'s {taken.What} port) is in use; pick another --uid");
            return 1;
        }

        tablet.Save(layout.TabletsDir);
        if (!mysqld.IsInitialized)
        {
            output.WriteLine($"initialising MariaDB for tablet {Text((int)tablet.Uid)} on port {Text(mysqld.Mycnf.Port)} (mysqlctl init) in {mysqld.Mycnf.TabletDir}");
            await mysqld.InitAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        else if (!mysqld.IsRunning)
        {
            output.WriteLine($"starting MariaDB of tablet {Text((int)tablet.Uid)} on port {Text(mysqld.Mycnf.Port)} (mysqlctl start)");
            await mysqld.StartAsync(cancellationToken: ct).ConfigureAwait(false);
        }

        var topo = new TopoServer(TopoBackendFactory.Open(TopoBackendFactory.File, "", layout.TopoRoot), LocalLayout.Cell);
        var startType = await StartTypeAsync(topo, tablet, ct).ConfigureAwait(false);
        if (startType != tablet.Type) output.WriteLine($"{LocalLayout.Cell}-{Text((int)tablet.Uid)} is the primary of {tablet.Keyspace}/{tablet.Shard} in the topo: starting it as primary");
        StartTablet(tablet with { Type = startType });
        await WaitForPortAsync(tablet.Name, layout.TabletGrpcPort(tablet.Uid), ct).ConfigureAwait(false);
        await WaitForHealthAsync(tablet.Name, $"http://127.0.0.1:{Text(layout.TabletWebPort(tablet.Uid))}/debug/health", ct).ConfigureAwait(false);
        output.WriteLine($"tablet {LocalLayout.Cell}-{Text((int)tablet.Uid)} is up: {tablet.Keyspace}/{tablet.Shard} {tablet.Type}, status http://127.0.0.1:{Text(layout.TabletWebPort(tablet.Uid))}/debug/status");
        return 0;
    }

    // Stops the tablet process (it drains and leaves the topo), then its MariaDB; nothing else.
    // The tablet stays listed (as down), so `status` shows it, a second tablet-down is a no-op
    // rather than an error, and the next `up` starts it again.
    public async Task<int> TabletDownAsync(uint uid)
    {
        var name = LocalLayout.TabletName(uid);
        var known = layout.Tablets().Any(t => t.Uid == uid);
        var pidFile = layout.PidFile(name);
        var stoppedAny = false;
        if (DetachedProcess.ReadPid(pidFile) is { } pid)
        {
            if (await DetachedProcess.StopAsync(pid, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
            {
                output.WriteLine($"stopped {name} (pid {Text(pid)})");
                stoppedAny = true;
            }

            File.Delete(pidFile);
        }
        else if (!known)
        {
            output.WriteLine($"tessera local tablet-down: no tablet {Text((int)uid)} in the local cluster under {layout.DataRoot}");
            return 1;
        }

        var mysql = await ShutdownMysqlAsync(uid).ConfigureAwait(false);
        if (mysql is null) return 1;
        stoppedAny |= mysql.Value;
        output.WriteLine(stoppedAny ? $"tablet {LocalLayout.Cell}-{Text((int)uid)} is down" : $"tablet {Text((int)uid)} was not running");
        return 0;
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
