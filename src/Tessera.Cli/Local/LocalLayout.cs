using System.Globalization;
using Tessera.Mysqlctl;
using Tessera.Tablet;

namespace Tessera.Cli.Local;

// Where the local example cluster keeps its state and which ports it uses. Defaults are Vitess's
// examples/local ones (gate 15306, vtctld 15000/15999, tablets 15000+uid / 16000+uid, MariaDB
// 17000+uid); a test moves them all with the overrides.
internal sealed record LocalLayout(string DataRoot)
{
    public const string Cell = "zone1";
    public const string Keyspace = "commerce";
    public const string Shard = "0";
    public static readonly uint[] TabletUids = [100, 101, 102];

    public int GateMySqlPort { get; init; } = 15306;
    public int GateWebPort { get; init; } = 15001;
    public int CtldPort { get; init; } = 15000;
    public int CtldGrpcPort { get; init; } = 15999;

    // Tablet web port = base + uid; gRPC = base + 1000 + uid; MariaDB = base + 2000 + uid.
    public int TabletPortBase { get; init; } = TabletConfig.DefaultWebPortBase;

    public string TopoRoot => Path.Combine(DataRoot, "topo");
    public string LogDir => Path.Combine(DataRoot, "logs");
    public string PidDir => Path.Combine(DataRoot, "pids");
    public string TabletsDir => Path.Combine(DataRoot, "tablets");

    public int TabletWebPort(uint uid) => TabletPortBase + (int)uid;
    public int TabletGrpcPort(uint uid) => TabletPortBase + (TabletConfig.DefaultGrpcPortBase - TabletConfig.DefaultWebPortBase) + (int)uid;
    public int MysqlPort(uint uid) => TabletPortBase + (Mycnf.DefaultPortBase - TabletConfig.DefaultWebPortBase) + (int)uid;

    public static string TabletName(uint uid) => $"tablet-{uid}";

    public string PidFile(string name) => Path.Combine(PidDir, name + ".pid");
    public string LogFile(string name) => Path.Combine(LogDir, name + ".log");

    // commerce/0's three tablets as `up` starts them.
    public static IReadOnlyList<LocalTablet> InitialTablets { get; } =
    [
        new(TabletUids[0], Keyspace, Shard, "primary"),
        new(TabletUids[1], Keyspace, Shard, "replica"),
        new(TabletUids[2], Keyspace, Shard, "rdonly"),
    ];

    // Every tablet of the cluster: the initial three and those `tablet-up` added, by uid.
    public IReadOnlyList<LocalTablet> Tablets()
    {
        var recorded = LocalTablet.LoadAll(TabletsDir);
        return [.. InitialTablets.Where(t => recorded.All(r => r.Uid != t.Uid)).Concat(recorded).OrderBy(t => t.Uid)];
    }

    // Gate first, then tablets, then ctld: the order `down` stops them (clients before servers).
    public IEnumerable<string> ProcessNames() => ["gate", .. Tablets().Select(t => t.Name), "ctld"];

    // What `up` itself starts; `up` is complete when these run.
    public static IEnumerable<string> UpProcessNames() => ["gate", .. TabletUids.Select(TabletName), "ctld"];

    public string PortsFile => Path.Combine(DataRoot, "local.ports");

    // `up` records its ports so `status` and `down` need only the data root.
    public void SavePorts()
    {
        Directory.CreateDirectory(DataRoot);
        File.WriteAllLines(PortsFile, [.. new[] { GateMySqlPort, GateWebPort, CtldPort, CtldGrpcPort, TabletPortBase }.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
    }

    public LocalLayout WithSavedPorts()
    {
        if (!File.Exists(PortsFile)) return this;
        var p = File.ReadAllLines(PortsFile).Select(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return p.Length < 5 ? this : this with { GateMySqlPort = p[0], GateWebPort = p[1], CtldPort = p[2], CtldGrpcPort = p[3], TabletPortBase = p[4] };
    }

    public static string DefaultDataRoot() =>
        Environment.GetEnvironmentVariable("TESSERA_DATAROOT") is { Length: > 0 } t ? t
        : Environment.GetEnvironmentVariable("VTDATAROOT") is { Length: > 0 } v ? v
        : Path.Combine(Environment.CurrentDirectory, "vtdataroot");
}
