using System.Collections.Concurrent;
using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// Identical reads running at the same time share one execution (Vitess's query consolidator):
// a burst of the same hot select costs MariaDB one query. Only reads outside transactions come
// here; the key is the final SQL text plus what the result must carry. Results are protobuf
// messages only read after this, so sharing one among callers is safe.
internal sealed class Consolidator
{
    private readonly ConcurrentDictionary<(string Sql, int Fields), Task<QueryResult>> inFlight = new();
    private long waits;

    public long Waits => Interlocked.Read(ref waits);

    public async Task<QueryResult> RunAsync(string sql, ExecuteOptions? options, Func<Task<QueryResult>> run)
    {
        var key = (sql, (int)(options?.IncludedFields ?? ExecuteOptions.Types.IncludedFields.TypeAndName));
        var mine = new TaskCompletionSource<QueryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = inFlight.GetOrAdd(key, mine.Task);
        if (!ReferenceEquals(existing, mine.Task))
        {
            Interlocked.Increment(ref waits);
            return await existing.ConfigureAwait(false);
        }
        try
        {
            var result = await run().ConfigureAwait(false);
            mine.SetResult(result);
            return result;
        }
        catch (Exception e)
        {
            mine.SetException(e);
            throw;
        }
        finally
        {
            inFlight.TryRemove(new KeyValuePair<(string, int), Task<QueryResult>>(key, mine.Task));
        }
    }
}
