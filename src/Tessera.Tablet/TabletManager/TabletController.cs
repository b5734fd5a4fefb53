using System.Globalization;
using Tessera.Protocol;
using Tessera.Protocol.Client;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet.Connections;
using Tessera.Tablet.Health;
using Tessera.Tablet.QueryService;
using Tessera.Tablet.Server;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.TabletManager;

// Carries out tablet-manager requests on the tablet's MariaDB (as vt_dba) and keeps the tablet's
// state and topo record in step with what it did.
internal sealed class TabletController(TabletConfig config, TabletStateHolder state, DbConnector db, QueryEngine engine,
    TopoRegistration registration, Func<HealthReporter> health)
{
    private readonly SemaphoreSlim actionLock = new(1, 1);

    public TabletConfig Config => config;

    public async Task DbaExecuteAsync(string sql, CancellationToken ct, string? database = null, bool disableBinlog = false)
    {
        await using var dba = await db.DbaAsync(database, ct).ConfigureAwait(false);
        if (disableBinlog) await dba.ExecuteAsync("SET sql_log_bin = 0", ct).ConfigureAwait(false);
        await dba.ExecuteAsync(sql, ct).ConfigureAwait(false);
    }

    public async Task<string> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var dba = await db.DbaAsync(null, ct).ConfigureAwait(false);
        return await Replication.ScalarAsync(dba, sql, ct).ConfigureAwait(false);
    }

    public Task RefreshHealthAsync(CancellationToken ct) => health().CheckAsync(ct);

    public async Task ChangeTypeAsync(TopoTabletType type, CancellationToken ct)
    {
        await actionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await ChangeTypeLockedAsync(type, ct).ConfigureAwait(false);
        }
        finally
        {
            actionLock.Release();
        }
    }

    private async Task ChangeTypeLockedAsync(TopoTabletType type, CancellationToken ct)
    {
        if (type is TopoTabletType.Unknown) throw new ArgumentException("tablet type UNKNOWN is not a type a tablet can change to");
        var primary = type == TopoTabletType.Primary;
        // read_only binds vt_app (no SUPER): a non-primary cannot take writes even if one slipped by.
        await DbaExecuteAsync(primary ? "SET GLOBAL read_only = 0" : "SET GLOBAL read_only = 1", ct).ConfigureAwait(false);
        var before = state.Current.Type;
        // Cached sequence blocks are forgotten whenever the tablet stops or starts being the
        // primary: a demoted primary's block is below what the next primary hands out, and a
        // promoted tablet must start from the stored next_id, never from anything it held before.
        if ((before == TopoTabletType.Primary) != primary) engine.ResetSequences();
        var denied = await registration.DeniedTablesAsync(type, ct).ConfigureAwait(false);
        var after = state.Update(s => s with
        {
            Type = type,
            PrimaryTermStart = primary ? (before == TopoTabletType.Primary ? s.PrimaryTermStart : DateTimeOffset.UtcNow) : null,
            DeniedTables = denied,
            Serving = type is TopoTabletType.Primary or TopoTabletType.Replica or TopoTabletType.Rdonly,
        });
        await registration.UpdateAsync(after, ct).ConfigureAwait(false);
        if (primary) await registration.ClaimPrimaryAsync(after, ct).ConfigureAwait(false);
        await RefreshHealthAsync(ct).ConfigureAwait(false);
    }

    public async Task<string> InitPrimaryAsync(CancellationToken ct)
    {
        await actionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await DbaExecuteAsync("STOP SLAVE", ct).ConfigureAwait(false);
            await DbaExecuteAsync("RESET SLAVE ALL", ct).ConfigureAwait(false);
            await ChangeTypeLockedAsync(TopoTabletType.Primary, ct).ConfigureAwait(false);
            return await ScalarAsync("SELECT @@GLOBAL.gtid_binlog_pos", ct).ConfigureAwait(false);
        }
        finally
        {
            actionLock.Release();
        }
    }

    public async Task InitReplicaAsync(Rpc.Topodata.TabletAlias parent, string position, CancellationToken ct)
    {
        var (host, port) = await SourceOfAsync(parent, ct).ConfigureAwait(false);
        await actionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await DbaExecuteAsync("STOP SLAVE", ct).ConfigureAwait(false);
            await DbaExecuteAsync("SET GLOBAL gtid_slave_pos = " + QueryEngine.Literal(position), ct).ConfigureAwait(false);
            await DbaExecuteAsync(ChangeMaster(host, port), ct).ConfigureAwait(false);
            await DbaExecuteAsync("START SLAVE", ct).ConfigureAwait(false);
            await WaitForReplicationStartAsync(ct).ConfigureAwait(false);
            if (state.Current.Type == TopoTabletType.Primary) await ChangeTypeLockedAsync(TopoTabletType.Replica, ct).ConfigureAwait(false);
            else await DbaExecuteAsync("SET GLOBAL read_only = 1", ct).ConfigureAwait(false);
        }
        finally
        {
            actionLock.Release();
        }
        await RefreshHealthAsync(ct).ConfigureAwait(false);
    }

    public async Task SetReplicationSourceAsync(Rpc.Topodata.TabletAlias parent, bool forceStart, string waitPosition, CancellationToken ct)
    {
        var (host, port) = await SourceOfAsync(parent, ct).ConfigureAwait(false);
        await actionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            bool wasRunning;
            await using (var dba = await db.DbaAsync(null, ct).ConfigureAwait(false))
            {
                var status = await Replication.StatusAsync(dba, ct).ConfigureAwait(false);
                wasRunning = status.IoRunning || status.SqlRunning;
            }
            await DbaExecuteAsync("STOP SLAVE", ct).ConfigureAwait(false);
            await DbaExecuteAsync(ChangeMaster(host, port), ct).ConfigureAwait(false);
            if (forceStart || wasRunning)
            {
                await DbaExecuteAsync("START SLAVE", ct).ConfigureAwait(false);
                await WaitForReplicationStartAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            actionLock.Release();
        }
        if (waitPosition.Length > 0) await WaitForPositionAsync(waitPosition, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        await RefreshHealthAsync(ct).ConfigureAwait(false);
    }

    public async Task StartReplicationAsync(CancellationToken ct)
    {
        await DbaExecuteAsync("START SLAVE", ct).ConfigureAwait(false);
        await WaitForReplicationStartAsync(ct).ConfigureAwait(false);
        await RefreshHealthAsync(ct).ConfigureAwait(false);
    }

    // START SLAVE returns before the IO thread has reached the source (Slave_IO_Running says
    // Connecting for a moment): wait, a little, until both threads run or the IO thread reports an
    // error (a source that is down), as Vitess's WaitForReplicationStart does, so that what the
    // caller reads next (replication status, health) shows replication running rather than that
    // moment. Not reaching it is not an error: MariaDB keeps retrying, and health tells.
    private async Task WaitForReplicationStartAsync(CancellationToken ct)
    {
        var deadline = Environment.TickCount64 + (long)ReplicationStartWait.TotalMilliseconds;
        await using var dba = await db.DbaAsync(null, ct).ConfigureAwait(false);
        while (true)
        {
            var status = await Replication.StatusAsync(dba, ct).ConfigureAwait(false);
            if (!status.Configured || (status.IoRunning && status.SqlRunning) || status.LastError.Length > 0) return;
            if (Environment.TickCount64 > deadline) return;
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
    }

    private static readonly TimeSpan ReplicationStartWait = TimeSpan.FromSeconds(5);

    private static string ChangeMaster(string host, int port) =>
        $"CHANGE MASTER TO MASTER_HOST = {QueryEngine.Literal(host)}, MASTER_PORT = {port.ToString(CultureInfo.InvariantCulture)}, " +
        "MASTER_USER = 'vt_repl', MASTER_PASSWORD = '', MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos";

    private async Task<(string Host, int Port)> SourceOfAsync(Rpc.Topodata.TabletAlias parent, CancellationToken ct)
    {
        var info = await registration.Topo.GetTabletAsync(new Topo.Records.TabletAlias(parent.Cell, parent.Uid), ct).ConfigureAwait(false);
        var host = info.Tablet.MysqlHostname.Length > 0 ? info.Tablet.MysqlHostname : info.Tablet.Hostname;
        if (info.Tablet.MysqlPort == 0) throw TabletErrors.Sequence($"tablet {info.Alias} has no MariaDB port in its topo record");
        return (host, info.Tablet.MysqlPort);
    }

    // Waits until this MariaDB has applied (or written) every GTID of position, comparing
    // @@gtid_current_pos domain by domain.
    public async Task WaitForPositionAsync(string position, TimeSpan timeout, CancellationToken ct)
    {
        var wanted = GtidPosition.Parse(position);
        var deadline = DateTime.UtcNow + timeout;
        await using var dba = await db.DbaAsync(null, ct).ConfigureAwait(false);
        while (true)
        {
            var current = GtidPosition.Parse(await Replication.ScalarAsync(dba, "SELECT @@GLOBAL.gtid_current_pos", ct).ConfigureAwait(false));
            if (GtidPosition.Contains(current, wanted)) return;
            if (DateTime.UtcNow > deadline)
                throw new TabletException(VtCode.DeadlineExceeded, new MySqlError(TabletErrors.UnknownError, "HY000",
                    $"position {position} not reached within {timeout.TotalMilliseconds:0} ms (at {GtidPosition.Format(current)})"));
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
    }

    public async Task<ReplicationStatusResponse> ReplicationStatusAsync(CancellationToken ct)
    {
        await using var dba = await db.DbaAsync(null, ct).ConfigureAwait(false);
        var status = await Replication.StatusAsync(dba, ct).ConfigureAwait(false);
        return new ReplicationStatusResponse
        {
            Position = await Replication.ScalarAsync(dba, "SELECT @@GLOBAL.gtid_slave_pos", ct).ConfigureAwait(false),
            RelayLogPosition = status.RelayPosition,
            IoRunning = status.IoRunning,
            SqlRunning = status.SqlRunning,
            ReplicationLagSeconds = status.LagSeconds ?? 0,
            SourceHost = status.SourceHost,
            SourcePort = status.SourcePort,
            LastError = status.LastError,
        };
    }

    public async Task<SchemaDefinition> GetSchemaAsync(IReadOnlyCollection<string> tables, IReadOnlyCollection<string> exclude, bool includeViews, CancellationToken ct)
    {
        await using var dba = await db.DbaAsync(config.DbName, ct).ConfigureAwait(false);
        var definition = new SchemaDefinition();
        var createDb = await Replication.RowsAsync(dba, $"SHOW CREATE DATABASE `{config.DbName}`", ct).ConfigureAwait(false);
        definition.DatabaseSchema = Convert.ToString(createDb[0]["Create Database"], CultureInfo.InvariantCulture) ?? "";
        var rows = await Replication.RowsAsync(dba,
            "SELECT table_name, table_type, table_rows FROM information_schema.tables WHERE table_schema = database() ORDER BY table_name", ct).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var name = (string)row["table_name"]!;
            var type = (string)row["table_type"]!;
            var isView = type == "VIEW";
            if (isView && !includeViews) continue;
            if (tables.Count > 0 && !tables.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            if (exclude.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            var quoted = "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
            var create = await Replication.RowsAsync(dba, $"SHOW CREATE TABLE {quoted}", ct).ConfigureAwait(false);
            var table = new TableDefinition
            {
                Name = name,
                Type = isView ? "VIEW" : "BASE TABLE",
                Schema = Convert.ToString(create[0].Values.ElementAt(1), CultureInfo.InvariantCulture) ?? "",
                RowCount = row["table_rows"] is { } count ? Convert.ToUInt64(count, CultureInfo.InvariantCulture) : 0,
            };
            var lit = QueryEngine.Literal(name);
            foreach (var c in await Replication.RowsAsync(dba, $"SELECT column_name FROM information_schema.columns WHERE table_schema = database() AND table_name = {lit} ORDER BY ordinal_position", ct).ConfigureAwait(false))
                table.Columns.Add((string)c["column_name"]!);
            foreach (var c in await Replication.RowsAsync(dba, $"SELECT column_name FROM information_schema.key_column_usage WHERE table_schema = database() AND table_name = {lit} AND constraint_name = 'PRIMARY' ORDER BY ordinal_position", ct).ConfigureAwait(false))
                table.PrimaryKeyColumns.Add((string)c["column_name"]!);
            definition.TableDefinitions.Add(table);
        }
        return definition;
    }

    public async Task<QueryResult> ExecuteFetchAsDbaAsync(string sql, string database, int maxRows, bool disableBinlogs, CancellationToken ct)
    {
        try
        {
            await using var dba = await db.DbaAsync(database, ct).ConfigureAwait(false);
            if (disableBinlogs) await dba.ExecuteAsync("SET sql_log_bin = 0", ct).ConfigureAwait(false);
            await using var reader = await dba.QueryAsync(sql, ct).ConfigureAwait(false);
            return await ResultBuilder.ReadAsync(reader, new ExecuteOptions { IncludedFields = ExecuteOptions.Types.IncludedFields.All }, maxRows, ct).ConfigureAwait(false);
        }
        catch (MySqlErrorException e)
        {
            throw TabletErrors.FromMySql(e);
        }
    }

    public async Task RefreshStateAsync(CancellationToken ct)
    {
        var denied = await registration.DeniedTablesAsync(state.Current.Type, ct).ConfigureAwait(false);
        state.Update(s => s with { DeniedTables = denied });
    }
}
