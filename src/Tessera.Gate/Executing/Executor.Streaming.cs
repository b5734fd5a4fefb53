using System.Globalization;
using System.Threading.Channels;
using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Tessera.Gate.Evaluation;
using Tessera.Gate.Planning;
using Tessera.Sql;
using Tessera.Sql.Normalizing;

namespace Tessera.Gate.Executing;

// Streaming execution for `set workload = olap` (Vitess: StreamExecute through the gate): a SELECT
// whose plan is one Route with nothing to do at the gate (no merge-sort, no hidden columns) is sent
// to its shards with StreamExecute and the rows go to the client as they arrive, through a bounded
// channel, so the gate holds a few batches whatever the result's size. Anything else (ORDER BY
// across shards, aggregates, joins, DML, session statements, transactions, sessions with reserved
// connections) runs as usual and its
// result is returned for the caller to write.
internal sealed partial class Executor
{
    // Batches (about 256 KiB each from the tablets) waiting between the shards and the client.
    private const int StreamBatchesInFlight = 4;

    public static bool Workload(Value value) =>
        (value.ToText() ?? "").ToLowerInvariant() switch
        {
            "olap" => true,
            "oltp" or "dba" or "" => false,
            var other => throw GateErrors.WrongArguments.Create($"invalid workload: {other} (oltp, olap or dba)"),
        };

    // Null when the rows went to the sink; otherwise the result to write as a whole.
    public async ValueTask<Result?> StreamExecuteAsync(GateSession session, string sql, IRowSink sink, CancellationToken cancellationToken)
    {
        var streamed = session.InTransaction || !session.Autocommit || session.PreQueries.Count > 0 || NeedsRewrite(sql) ? null : await TryPlanStreamAsync(session, sql, cancellationToken).ConfigureAwait(false);
        if (streamed is not { } s)
        {
            return await ExecuteAsync(session, sql, null, cancellationToken).ConfigureAwait(false);
        }

        await StreamShardsAsync(session, s.Keyspace, s.Queries, sink, cancellationToken).ConfigureAwait(false);
        return null;
    }

    // DATABASE() and @@version are rewritten by ExecuteAsync; such queries take that path.
    private static bool NeedsRewrite(string sql) =>
        sql.Contains("database", StringComparison.OrdinalIgnoreCase) || sql.Contains("schema", StringComparison.OrdinalIgnoreCase) || VersionRewrite.MayApply(sql);

    // The same normalize → plan cache steps as ExecuteAsync, kept apart so the OLTP path stays as it is.
    private async ValueTask<(string Keyspace, List<(string Shard, BoundQuery Query)> Queries)?> TryPlanStreamAsync(GateSession session, string sql, CancellationToken cancellationToken)
    {
        Statement statement;
        try
        {
            statement = SqlParser.Parse(sql);
        }
        catch (SqlSyntaxException)
        {
            return null;
        }

        if (statement is not QueryStatement { Lock: null } || statement is Select { From.Count: 0 })
        {
            return null;
        }

        var ctx = Context(session);
        var (normalized, literals) = Normalizer.Normalize(statement);
        var plan = Plans.GetOrAdd(AstFacts.Text(normalized) + "|" + ctx.CacheKey, ctx.VSchema.Revision, () => PlanBuilder.Build(normalized, ctx));
        if (plan.Instructions is not Route { OrderBy.Count: 0, HiddenColumns: 0, NoMatchQuery: null } route || route.Routing.Opcode == RouteOpcode.None)
        {
            return null;
        }

        var bv = new Dictionary<string, BindValue>(literals.Count, StringComparer.Ordinal);
        foreach (var (name, lit) in literals)
        {
            bv[name] = BindValue.Of(EvalTranslator.FromLiteral(lit));
        }

        var shards = await route.Routing.ResolveAsync(new SessionCursor(session, gateway, () => vschema.Current), bv, cancellationToken).ConfigureAwait(false);
        if (shards.Count == 0)
        {
            return null;
        }

        return (route.Routing.Keyspace, shards.Select(x => (x.Shard, new BoundQuery(route.Query, x.BindVariables))).ToList());
    }

    private async Task StreamShardsAsync(GateSession session, string keyspace, List<(string Shard, BoundQuery Query)> queries, IRowSink sink, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<Result>(new BoundedChannelOptions(StreamBatchesInFlight) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producers = queries.Select(q => Task.Run(async () =>
        {
            await foreach (var batch in gateway.StreamExecuteAsync(new ShardTarget(keyspace, q.Shard, session.TabletType), q.Query, stop.Token).ConfigureAwait(false))
            {
                await channel.Writer.WriteAsync(batch, stop.Token).ConfigureAwait(false);
            }
        }, stop.Token)).ToList();
        var all = Task.WhenAll(producers).ContinueWith(t => channel.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);

        var fieldsSent = false;
        try
        {
            // Every shard's stream starts with its fields, so the first batch read has them.
            await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (!fieldsSent && batch.Fields.Count > 0)
                {
                    await sink.FieldsAsync(batch.Fields, stop.Token).ConfigureAwait(false);
                    fieldsSent = true;
                }

                if (batch.Rows.Count > 0)
                {
                    await sink.RowsAsync(batch.Rows, stop.Token).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await all.ConfigureAwait(false);
        }

        if (!fieldsSent)
        {
            throw GateErrors.Internal.Create(string.Create(CultureInfo.InvariantCulture, $"streaming from {queries.Count} shards of {keyspace} returned no fields"));
        }
    }
}
