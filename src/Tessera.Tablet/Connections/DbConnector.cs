using Tessera.Protocol;
using Tessera.Protocol.Client;

namespace Tessera.Tablet.Connections;

// How the tablet reaches its own MariaDB: over the unix socket, as vt_app for application traffic
// and vt_dba for administration (the users mysqlctl init creates, as in Vitess's init_db.sql).
// App connections carry a per-read timeout (appReadTimeout; QueryEngine narrows it to each
// statement's deadline), and so do the short admin connections of health checks and KILLs
// (adminReadTimeout), so a hung MariaDB is noticed and cannot hold them forever. Other vt_dba work
// (schema changes, waits for a position) may legitimately run long and has none.
internal sealed class DbConnector(string socketPath, string dbName, TimeSpan? appReadTimeout = null, TimeSpan? adminReadTimeout = null)
{
    public string SocketPath { get; } = socketPath;
    public string DbName { get; } = dbName;

    // Raised when a connection to MariaDB fails or is lost mid-statement, so health can look at
    // once rather than at its next interval (MariaDB may have died).
    public event Action? Lost;

    public void ReportLost() => Lost?.Invoke();

    public Task<MySqlClientConnection> AppAsync(CancellationToken ct = default) => ConnectAsync("vt_app", DbName, appReadTimeout, ct);

    public Task<MySqlClientConnection> DbaAsync(string? database = null, CancellationToken ct = default) => ConnectAsync("vt_dba", database, null, ct);

    // vt_dba for quick administrative statements (health checks, KILL): a hung MariaDB fails them.
    public Task<MySqlClientConnection> AdminAsync(CancellationToken ct = default) => ConnectAsync("vt_dba", null, adminReadTimeout, ct);

    private async Task<MySqlClientConnection> ConnectAsync(string user, string? database, TimeSpan? readTimeout, CancellationToken ct)
    {
        try
        {
            return await MySqlClientConnection.ConnectAsync(new MySqlClientOptions
            {
                UnixSocket = SocketPath,
                User = user,
                Database = database,
                ConnectTimeout = TimeSpan.FromSeconds(3),
                ReadTimeout = readTimeout is { } t && t > TimeSpan.Zero ? t : null,
            }, ct).ConfigureAwait(false);
        }
        catch (MySqlErrorException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or MySqlProtocolException)
        {
            if (ct.IsCancellationRequested) throw;
            ReportLost();
            throw TabletErrors.Unavailable($"MariaDB is not reachable on {SocketPath}: {e.Message}", e);
        }
    }

    // KILL [QUERY] on a separate administrative connection: the only way to stop a statement
    // MariaDB is running for another connection (Vitess's pool killer does the same).
    public async Task KillAsync(uint connectionId, bool queryOnly)
    {
        try
        {
            await using var dba = await AdminAsync().ConfigureAwait(false);
            await dba.ExecuteAsync(queryOnly ? $"KILL QUERY {connectionId}" : $"KILL {connectionId}").ConfigureAwait(false);
        }
        catch (Exception e) when (e is MySqlErrorException or TabletException or IOException)
        {
            // The connection may already be gone (1094 unknown thread id): nothing left to kill.
        }
    }
}
