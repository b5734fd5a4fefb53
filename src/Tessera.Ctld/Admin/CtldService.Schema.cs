using System.Text.RegularExpressions;
using Tessera.Rpc.TabletManager;
using Tessera.Topo;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Admin;

// How ApplySchema went on one shard: its primary, and the error if it failed there.
public sealed record ShardSchemaResult(string Shard, TabletAlias? Tablet, string? Error);

public sealed record CopySchemaResult(IReadOnlyList<string> Created, IReadOnlyList<string> Existing);

public sealed partial class CtldService
{
    // Vitess's ApplySchema with the "direct" strategy: the statements, one at a time and in
    // order, on every shard's primary, with binlogging on so each shard's replicas apply them
    // too. Shards run in parallel and independently: the answer has one result per shard, and a
    // shard stops at its first failing statement, naming it. Under the keyspace lock, so two
    // schema changes (or a change and a reshard) never interleave.
    public async Task<IReadOnlyList<ShardSchemaResult>> ApplySchemaAsync(string keyspace, IReadOnlyList<string> sql, CancellationToken ct = default)
    {
        RequireName("keyspace", keyspace);
        ArgumentNullException.ThrowIfNull(sql);
        var statements = sql.SelectMany(SqlStatements.Split).ToList();
        if (statements.Count == 0)
            throw new CtldException("no SQL statement given (--sql or --sql-file)");
        await Topo.GetKeyspaceAsync(keyspace, ct);
        await using var keyspaceLock = await Topo.LockKeyspaceAsync(keyspace, "ApplySchema", ct);
        var shards = await Topo.GetShardsAsync(keyspace, ct);
        if (shards.Count == 0)
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"keyspace '{keyspace}' has no shards");
        return await Task.WhenAll(shards.Select(s => ApplyOnShardAsync(s, statements, ct)));
    }

    private async Task<ShardSchemaResult> ApplyOnShardAsync(ShardInfo shard, IReadOnlyList<string> statements, CancellationToken ct)
    {
        if (shard.Shard.PrimaryAlias is not { } alias)
            return new ShardSchemaResult(shard.ShardName, null, "the shard has no primary (InitShardPrimary first)");
        Tablet primary;
        try
        {
            primary = (await Topo.GetTabletAsync(alias, ct)).Tablet;
        }
        catch (Topo.Backend.TopoException e)
        {
            return new ShardSchemaResult(shard.ShardName, alias, $"its primary's record: {e.Message}");
        }
        for (var i = 0; i < statements.Count; i++)
        {
            try
            {
                await TabletRpc.CallAsync(primary, "ApplySchema", (m, o) => m.ApplySchemaAsync(new ApplySchemaRequest { Sql = statements[i], AllowReplication = true }, o),
                    TimeSpan.FromMinutes(10), ct);
            }
            catch (CtldException e)
            {
                var done = i == 0 ? "nothing applied" : $"statements 1-{i} applied";
                return new ShardSchemaResult(shard.ShardName, alias, $"statement {i + 1} of {statements.Count} ({Abbreviate(statements[i])}) failed, {done}: {e.Message}");
            }
        }
        return new ShardSchemaResult(shard.ShardName, alias, null);
    }

    // Vitess's GetSchema: the tablet's own view of its database (tables, columns, primary keys,
    // CREATE statements), optionally narrowed; namesOnly keeps just the table names and types.
    public async Task<SchemaDefinition> GetSchemaAsync(string alias, IReadOnlyList<string>? tables = null, IReadOnlyList<string>? excludeTables = null,
        bool includeViews = false, bool tableNamesOnly = false, CancellationToken ct = default)
    {
        var tablet = (await GetTabletAsync(alias, ct)).Tablet;
        var schema = await ReadSchemaAsync(tablet, tables, excludeTables, includeViews, ct);
        if (tableNamesOnly)
        {
            foreach (var table in schema.TableDefinitions)
            {
                table.Schema = "";
                table.Columns.Clear();
                table.PrimaryKeyColumns.Clear();
            }
        }
        return schema;
    }

    // Vitess's CopySchemaShard: the source's tables (then views) created on the destination
    // shard's primary, binlogged so its replicas follow. A table already there with the same
    // definition is left alone (so a retry finishes what a failed run began); one with a different
    // definition is an error. Unless skipVerify, the destination is read back and compared.
    public async Task<CopySchemaResult> CopySchemaShardAsync(string? sourceAlias, string? sourceKeyspace, string? sourceShard, string destinationKeyspace, string destinationShard,
        IReadOnlyList<string>? tables = null, IReadOnlyList<string>? excludeTables = null, bool includeViews = false, bool skipVerify = false, CancellationToken ct = default)
    {
        RequireName("destination keyspace", destinationKeyspace);
        RequireName("destination shard", destinationShard);
        var source = !string.IsNullOrEmpty(sourceAlias)
            ? (await GetTabletAsync(sourceAlias, ct)).Tablet
            : await ShardPrimaryAsync(RequireName("source keyspace", sourceKeyspace), RequireName("source shard", sourceShard), ct);
        var destination = await ShardPrimaryAsync(destinationKeyspace, destinationShard, ct);
        if (source.Alias == destination.Alias)
            throw new CtldException($"source and destination are the same tablet {source.Alias}");

        await using var keyspaceLock = await Topo.LockKeyspaceAsync(destinationKeyspace, $"CopySchemaShard({source.Alias} -> {destinationKeyspace}/{destinationShard})", ct);
        var wanted = await ReadSchemaAsync(source, tables, excludeTables, includeViews, ct);
        var present = (await ReadSchemaAsync(destination, null, null, includeViews: true, ct)).TableDefinitions.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        var created = new List<string>();
        var existing = new List<string>();
        var conflicts = new List<string>();
        // Tables before views: a view needs its tables.
        foreach (var table in wanted.TableDefinitions.OrderBy(t => t.Type == "VIEW" ? 1 : 0).ThenBy(t => t.Name, StringComparer.Ordinal))
        {
            var create = ForDatabase(table, source.DbName, destination.DbName);
            if (present.TryGetValue(table.Name, out var there))
            {
                if (Comparable(there.Schema) == Comparable(create))
                    existing.Add(table.Name);
                else
                    conflicts.Add(table.Name);
                continue;
            }
            await TabletRpc.CallAsync(destination, "ApplySchema", (m, o) => m.ApplySchemaAsync(new ApplySchemaRequest { Sql = create, AllowReplication = true }, o),
                TimeSpan.FromMinutes(10), ct);
            created.Add(table.Name);
        }
        if (conflicts.Count > 0)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition,
                $"{destination.Alias} ({destinationKeyspace}/{destinationShard}) already has {string.Join(", ", conflicts)} with a different definition than {source.Alias}; created: {(created.Count == 0 ? "none" : string.Join(", ", created))}");
        }

        if (!skipVerify)
        {
            var after = (await ReadSchemaAsync(destination, [.. wanted.TableDefinitions.Select(t => t.Name)], null, includeViews, ct)).TableDefinitions
                .ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
            var differ = wanted.TableDefinitions
                .Where(t => !after.TryGetValue(t.Name, out var d) || Comparable(d.Schema) != Comparable(ForDatabase(t, source.DbName, destination.DbName)))
                .Select(t => t.Name).ToList();
            if (differ.Count > 0)
                throw new CtldException(CtldErrorCode.FailedPrecondition, $"after the copy, {destination.Alias} differs from {source.Alias} in: {string.Join(", ", differ)}");
        }
        return new CopySchemaResult(created, existing);
    }

    private async Task<Tablet> ShardPrimaryAsync(string keyspace, string shard, CancellationToken ct)
    {
        var info = await Topo.GetShardAsync(keyspace, shard, ct);
        var alias = info.Shard.PrimaryAlias ?? throw new CtldException(CtldErrorCode.FailedPrecondition, $"shard {keyspace}/{shard} has no primary (InitShardPrimary first)");
        return (await Topo.GetTabletAsync(alias, ct)).Tablet;
    }

    private static async Task<SchemaDefinition> ReadSchemaAsync(Tablet tablet, IReadOnlyList<string>? tables, IReadOnlyList<string>? excludeTables, bool includeViews, CancellationToken ct) =>
        (await TabletRpc.CallAsync(tablet, "GetSchema", (m, o) => m.GetSchemaAsync(new GetSchemaRequest
        {
            Tables = { tables ?? [] },
            ExcludeTables = { excludeTables ?? [] },
            IncludeViews = includeViews,
        }, o), ct: ct)).SchemaDefinition;

    // A view's definition names its database (SHOW CREATE VIEW qualifies every column); on
    // another keyspace it must name that keyspace's database instead.
    private static string ForDatabase(TableDefinition table, string sourceDb, string destinationDb) =>
        table.Type == "VIEW" && sourceDb != destinationDb
            ? table.Schema.Replace($"`{sourceDb}`.", $"`{destinationDb}`.", StringComparison.Ordinal)
            : table.Schema;

    // The AUTO_INCREMENT counter is data, not schema (Vitess strips it when it compares too).
    private static string Comparable(string create) => AutoIncrement().Replace(create, "");

    private static string Abbreviate(string statement)
    {
        var oneLine = string.Join(' ', statement.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 60 ? oneLine : oneLine[..57] + "...";
    }

    [GeneratedRegex(@" AUTO_INCREMENT=\d+", RegexOptions.CultureInvariant)]
    private static partial Regex AutoIncrement();
}
