using System.Globalization;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

// vtctldclient's `GetTablets --format awk` line (go/cmd/vtctldclient/cli/awk.go): alias,
// keyspace, shard, lower-case type, host:grpc-port, mysql-host:mysql-port, tags, primary term
// start (RFC 3339) — "<null>" for what is unset.
public static class CtlFormat
{
    public static string TabletAwk(Tablet tablet)
    {
        ArgumentNullException.ThrowIfNull(tablet);
        var keyspace = tablet.Keyspace.Length > 0 ? tablet.Keyspace : "<null>";
        var shard = tablet.Shard.Length > 0 ? tablet.Shard : "<null>";
        var termStart = tablet.PrimaryTermStartTime is { } t && t.ToUnixTimeSeconds() > 0
            ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : "<null>";
        var type = tablet.Type.ToString().ToLowerInvariant();
        return $"{tablet.Alias} {keyspace} {shard} {type} {Addr(tablet.Hostname, tablet.PortMap.GetValueOrDefault("grpc"))} {Addr(tablet.MysqlHostname, tablet.MysqlPort)} [] {termStart}";
    }

    // Go's net.JoinHostPort (IPv6 hosts in brackets).
    public static string Addr(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
