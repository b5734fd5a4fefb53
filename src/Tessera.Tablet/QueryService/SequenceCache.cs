using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// `select next N values from seq` for tables with the comment 'vitess_sequence' (one row, id 0,
// columns next_id and cache), with Vitess's algorithm (tabletserver/query_executor.go
// execNextval): values are handed out from memory; when the block runs out, a new one is reserved
// in its own transaction (select … for update, then next_id moved on by whole blocks of cache).
// The stored next_id is always past every value handed out, so ids stay monotonic across tablet
// restarts and primary changes (a new primary starts from the stored next_id).
internal sealed class SequenceCache(QueryEngine engine)
{
    private sealed class Sequence
    {
        public readonly SemaphoreSlim Lock = new(1, 1);
        public long NextVal;
        public long LastVal;
    }

    private readonly ConcurrentDictionary<string, Sequence> sequences = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> known = new(StringComparer.OrdinalIgnoreCase);

    public async Task<QueryResult> NextAsync(QueryPlan plan, MapField<string, BindVariable> bindVariables, CancellationToken ct)
    {
        var table = plan.Tables[0];
        var count = QueryEngine.ReadInteger(bindVariables, plan.NextCount!);
        if (count < 1) throw TabletErrors.Sequence($"next {count} values from {table}: the count must be at least 1");
        await EnsureSequenceAsync(table, ct).ConfigureAwait(false);
        var sequence = sequences.GetOrAdd(table, _ => new Sequence());
        await sequence.Lock.WaitAsync(ct).ConfigureAwait(false);
        long value;
        try
        {
            if (sequence.NextVal == 0 || sequence.NextVal + count > sequence.LastVal)
                await RefillAsync(table, sequence, count, ct).ConfigureAwait(false);
            value = sequence.NextVal;
            sequence.NextVal += count;
        }
        finally
        {
            sequence.Lock.Release();
        }
        var result = new QueryResult();
        result.Fields.Add(new Field { Name = "nextval", Type = Rpc.Query.Type.Int64 });
        var text = value.ToString(CultureInfo.InvariantCulture);
        var row = new Row { Values = ByteString.CopyFromUtf8(text) };
        row.Lengths.Add(text.Length);
        result.Rows.Add(row);
        return result;
    }

    // Forgets cached blocks (this tablet stopped or started being the primary): the next
    // primary's blocks come from the stored next_id, and so must ours if we become primary again.
    public void Reset() => sequences.Clear();

    private async Task EnsureSequenceAsync(string table, CancellationToken ct)
    {
        if (known.ContainsKey(table)) return;
        var connection = await engine.QueryPool.GetAsync(ct).ConfigureAwait(false);
        try
        {
            var sql = "select table_comment from information_schema.tables where table_schema = database() and table_name = " + QueryEngine.Literal(table);
            var result = await engine.RunAsync(connection, sql, null, ct).ConfigureAwait(false);
            var comment = result.Rows.Count == 0 ? null : result.Rows[0].Values.ToStringUtf8();
            if (comment is null) throw TabletErrors.Sequence($"next values from {table}: no such table");
            if (!comment.Contains("vitess_sequence", StringComparison.Ordinal))
                throw TabletErrors.Sequence($"next values from {table}: {table} is not a sequence table (its comment must be 'vitess_sequence')");
            known[table] = true;
        }
        finally
        {
            connection.Return();
        }
    }

    private async Task RefillAsync(string table, Sequence sequence, long count, CancellationToken ct)
    {
        var name = Quote(table);
        var id = await engine.BeginAsync(null, null, 0, [], ct).ConfigureAwait(false);
        try
        {
            var read = await engine.ExecuteAsync(null, new BoundQuery { Sql = $"select next_id, cache from {name} where id = 0 for update" }, id, 0, null, ct).ConfigureAwait(false);
            if (read.Rows.Count != 1) throw TabletErrors.Sequence($"sequence table {table} must hold exactly one row with id 0");
            var (nextId, cache) = ReadTwo(read.Rows[0]);
            if (cache < 1) throw TabletErrors.Sequence($"sequence table {table}: cache must be at least 1, is {cache}");
            // A block reserved earlier by this tablet may end before the stored next_id moved by
            // another primary: never go backwards.
            if (sequence.NextVal == 0 || sequence.NextVal < nextId) sequence.NextVal = nextId;
            var newLast = nextId + cache;
            while (newLast < sequence.NextVal + count) newLast += cache;
            await engine.ExecuteAsync(null, new BoundQuery { Sql = $"update {name} set next_id = {newLast.ToString(CultureInfo.InvariantCulture)} where id = 0" }, id, 0, null, ct).ConfigureAwait(false);
            await engine.CommitAsync(null, id, ct).ConfigureAwait(false);
            sequence.LastVal = newLast;
        }
        catch
        {
            await engine.RollbackQuietlyAsync(id).ConfigureAwait(false);
            throw;
        }
    }

    private static (long NextId, long Cache) ReadTwo(Row row)
    {
        var bytes = row.Values.Span;
        var first = (int)row.Lengths[0];
        var second = (int)row.Lengths[1];
        if (first < 0 || second < 0) throw TabletErrors.Sequence("sequence table row has NULL next_id or cache");
        return (long.Parse(Encoding.ASCII.GetString(bytes[..first]), CultureInfo.InvariantCulture),
                long.Parse(Encoding.ASCII.GetString(bytes.Slice(first, second)), CultureInfo.InvariantCulture));
    }

    private static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
