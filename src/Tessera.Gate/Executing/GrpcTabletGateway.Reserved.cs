using Tessera.Gate.Engine;
using Tessera.Gate.Errors;
using Rq = Tessera.Rpc.Query;

namespace Tessera.Gate.Executing;

// Transactions with pre-queries, and reserved connections: the first call picks a serving tablet of the shard as usual; later calls
// go to that same tablet by alias, since the connection lives there.
internal sealed partial class GrpcTabletGateway
{
    public async ValueTask<(long ReservedId, string Alias, Result Result)> ReserveExecuteAsync(ShardTarget target, IReadOnlyList<string> preQueries, BoundQuery query, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.ReserveExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query) };
        request.PreQueries.AddRange(preQueries);
        var response = await t.Client.ReserveExecuteAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.Error is { } e && (e.MysqlErrno != 0 || e.Message.Length > 0) && response.ReservedId != 0)
        {
            // Reserved, but the query failed: release it (the next query reserves anew) and report the error.
            await ReleaseOnAsync(t.Tablet.Alias.ToString(), target, response.ReservedId, cancellationToken).ConfigureAwait(false);
        }

        ProtoConvert.ThrowIfError(response.Error);
        return (response.ReservedId, t.Tablet.Alias.ToString(), ProtoConvert.FromProto(response.Result));
    }

    public async ValueTask<Result> ExecuteOnAsync(string alias, ShardTarget target, BoundQuery query, long transactionId, long reservedId, CancellationToken cancellationToken)
    {
        var t = Tablet(alias, target);
        var response = await t.Client.ExecuteAsync(new Rq.ExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query), TransactionId = transactionId, ReservedId = reservedId }, cancellationToken: cancellationToken).ConfigureAwait(false);
        ThrowIfLost(response.Error, alias, reservedId);
        ProtoConvert.ThrowIfError(response.Error);
        return ProtoConvert.FromProto(response.Result);
    }

    public async ValueTask<(long TransactionId, Result Result)> BeginExecuteAsync(ShardTarget target, string isolationLevel, BoundQuery query, CancellationToken cancellationToken)
    {
        var t = Choose(target);
        var request = new Rq.BeginExecuteRequest { Target = t.Target, Query = ProtoConvert.ToProto(query), Options = Isolation(isolationLevel) };
        var response = await t.Client.BeginExecuteAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        BegunTransactionException.ThrowIfError(response.Error, response.TransactionId);
        return (response.TransactionId, ProtoConvert.FromProto(response.Result));
    }

    public async ValueTask<long> BeginOnAsync(string alias, ShardTarget target, long reservedId, string? isolationLevel, CancellationToken cancellationToken)
    {
        var t = Tablet(alias, target);
        var request = new Rq.BeginRequest { Target = t.Target, ReservedId = reservedId, Options = isolationLevel is null ? null : Isolation(isolationLevel) };
        var response = await t.Client.BeginAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        ThrowIfLost(response.Error, alias, reservedId);
        ProtoConvert.ThrowIfError(response.Error);
        return response.TransactionId;
    }

    public async ValueTask ReleaseOnAsync(string alias, ShardTarget target, long reservedId, CancellationToken cancellationToken)
    {
        if (!_tablets.TryGetValue(alias, out var t))
        {
            return; // gone: its connections went with it
        }

        var response = await t.Client.ReleaseAsync(new Rq.ReleaseRequest { Target = t.Target, ReservedId = reservedId }, cancellationToken: cancellationToken).ConfigureAwait(false);
        ProtoConvert.ThrowIfError(response.Error);
    }

    // The tablet's "transaction N: not found / ended" (class ABORTED, 1105) for a reserved id it
    // does not hold: the connection is gone and nothing ran. A deadlock (ABORTED too) is not this.
    private static void ThrowIfLost(Rq.RpcError? e, string alias, long reservedId)
    {
        if (reservedId != 0 && e is { Code: AbortedCode, MysqlErrno: 1105 } && e.Message.StartsWith($"transaction {reservedId}: ", StringComparison.Ordinal)
            && !e.Message.Contains("already in a transaction", StringComparison.Ordinal))
        {
            throw GateErrors.ReservedConnectionLost.Create($"the reserved connection {reservedId} on tablet {alias} is gone: {e.Message}");
        }
    }

    private const int AbortedCode = 10;

    private static Rq.ExecuteOptions Isolation(string level) => new()
    {
        TransactionIsolation = level switch
        {
            "read committed" => Rq.ExecuteOptions.Types.TransactionIsolation.ReadCommitted,
            "read uncommitted" => Rq.ExecuteOptions.Types.TransactionIsolation.ReadUncommitted,
            "serializable" => Rq.ExecuteOptions.Types.TransactionIsolation.Serializable,
            GateSession.ReadOnlySnapshot => Rq.ExecuteOptions.Types.TransactionIsolation.ConsistentSnapshotReadOnly,
            _ => Rq.ExecuteOptions.Types.TransactionIsolation.RepeatableRead,
        },
    };

    private TabletHealth Tablet(string alias, ShardTarget target) =>
        _tablets.TryGetValue(alias, out var t) && t.Serving
            ? t
            : throw GateErrors.NoHealthyTablet.Create($"the tablet {alias} holding this session's reserved connection to '{target.Keyspace}/{target.Shard}@{target.TabletType}' is not serving");
}
