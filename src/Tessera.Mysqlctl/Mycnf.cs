using System.Globalization;

namespace Tessera.Mysqlctl;

/// Where one tablet's MariaDB lives and how it is configured, as Vitess's mysqlctl.Mycnf: every
/// path hangs off <c>&lt;data root&gt;/vt_&lt;uid as 10 digits&gt;</c>, so a tablet's files are found from
/// its uid alone. The generated my.cnf is written from this record (see MycnfGenerator).
public sealed record Mycnf
{
    /// Vitess's default MySQL port base: tablet 100 gets 17100.
    public const int DefaultPortBase = 17000;

    /// The longest path a Unix socket address can hold (sun_path is 108 bytes with its NUL).
    private const int MaxSocketPathLength = 107;

    public required uint TabletUid { get; init; }

    public required string DataRoot { get; init; }

    public required int Port { get; init; }

    public string BindAddress { get; init; } = "127.0.0.1";

    /// As Vitess: the tablet uid, unique in a cluster, so replication never confuses two servers.
    public uint ServerId => TabletUid;

    /// Kept small for a laptop running a dozen instances; a production deployment raises them.
    public string InnodbBufferPoolSize { get; init; } = "64M";

    public string InnodbLogFileSize { get; init; } = "16M";

    public int MaxConnections { get; init; } = 500;

    public string TabletDirName => "vt_" + TabletUid.ToString("D10", CultureInfo.InvariantCulture);

    public string TabletDir => Path.Combine(DataRoot, TabletDirName);

    public string DataDir => Path.Combine(TabletDir, "data");

    public string MycnfFile => Path.Combine(TabletDir, "my.cnf");

    public string SocketFile => Path.Combine(TabletDir, "mysql.sock");

    public string PidFile => Path.Combine(TabletDir, "mysql.pid");

    public string ErrorLogPath => Path.Combine(TabletDir, "error.log");

    public string TmpDir => Path.Combine(TabletDir, "tmp");

    public string BinLogDir => Path.Combine(TabletDir, "bin-logs");

    /// Base name of the binary logs (MariaDB appends .000001, …); named after the tablet as Vitess does.
    public string BinLogPath => Path.Combine(BinLogDir, $"vt-{TabletUid:D10}-bin");

    public string RelayLogDir => Path.Combine(TabletDir, "relay-logs");

    public string RelayLogPath => Path.Combine(RelayLogDir, $"vt-{TabletUid:D10}-relay-bin");

    /// Reads the data root from the environment as Vitess's tools do: $TESSERA_DATAROOT, then
    /// $VTDATAROOT (so Vitess scripts keep working), then ./vtdataroot.
    public static string DefaultDataRoot() => DefaultDataRoot(Environment.GetEnvironmentVariable);

    internal static string DefaultDataRoot(Func<string, string?> environment)
    {
        foreach (var variable in new[] { "TESSERA_DATAROOT", "VTDATAROOT" })
        {
            var value = environment(variable);
            if (!string.IsNullOrWhiteSpace(value)) return Path.GetFullPath(value);
        }
        return Path.GetFullPath("vtdataroot");
    }

    /// The configuration of tablet <paramref name="tabletUid"/>: port 17000+uid unless given,
    /// data root from the environment unless given. Checks what MariaDB would otherwise reject
    /// with a less helpful message.
    public static Mycnf ForTablet(long tabletUid, string? dataRoot = null, int? port = null)
    {
        if (tabletUid is <= 0 or > uint.MaxValue)
            throw new MysqlctlException($"tablet uid {tabletUid} is out of range: it must be 1 to {uint.MaxValue} (it is the MariaDB server_id, and 0 disables replication)");
        var mysqlPort = port ?? DefaultPortBase + tabletUid;
        if (mysqlPort is <= 0 or > 65535)
        {
            throw new MysqlctlException(port is null
                ? $"tablet uid {tabletUid} gives port {mysqlPort}, which is not a TCP port; pass --mysql-port"
                : $"--mysql-port {mysqlPort} is not a TCP port (1 to 65535)");
        }
        var mycnf = new Mycnf
        {
            TabletUid = (uint)tabletUid,
            DataRoot = Path.GetFullPath(dataRoot ?? DefaultDataRoot()),
            Port = (int)mysqlPort,
        };
        if (mycnf.SocketFile.Length > MaxSocketPathLength)
            throw new MysqlctlException($"socket path {mycnf.SocketFile} is longer than {MaxSocketPathLength} characters, which Unix sockets cannot hold; use a shorter --data-root");
        return mycnf;
    }
}
