using Grpc.Core;
using Tessera.Rpc.Query;
using Tessera.Tablet.Health;

namespace Tessera.Tablet.QueryService;

// The gRPC face of the query service. Errors travel in each response's RpcError (number, SQLSTATE,
// message whole) rather than as gRPC status, so the gate can relay them to its client unchanged.
internal sealed class QueryGrpcService(QueryEngine engine, HealthReporter health, TabletConfig config) : Rpc.QueryService.Query.QueryBase
{
    public override async Task<ExecuteResponse> Execute(ExecuteRequest request, ServerCallContext context)
    {
        try
        {
            return new ExecuteResponse { Result = await engine.ExecuteAsync(request.Target, request.Query, request.TransactionId, request.ReservedId, request.Options, context.CancellationToken) };
        }
        catch (TabletException e)
        {
            return new ExecuteResponse { Error = e.ToRpcError() };
        }
    }

    public override async Task StreamExecute(StreamExecuteRequest request, IServerStreamWriter<StreamExecuteResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await engine.StreamExecuteAsync(request.Target, request.Query, request.TransactionId, request.ReservedId, request.Options,
                result => responseStream.WriteAsync(new StreamExecuteResponse { Result = result }), context.CancellationToken);
        }
        catch (TabletException e)
        {
            await responseStream.WriteAsync(new StreamExecuteResponse { Error = e.ToRpcError() });
        }
    }

    public override async Task<ExecuteBatchResponse> ExecuteBatch(ExecuteBatchRequest request, ServerCallContext context)
    {
        var response = new ExecuteBatchResponse();
        try
        {
            response.Results.AddRange(await engine.ExecuteBatchAsync(request.Target, request.Queries, request.AsTransaction, request.TransactionId, request.Options, context.CancellationToken));
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public override async Task<BeginResponse> Begin(BeginRequest request, ServerCallContext context)
    {
        try
        {
            var id = await engine.BeginAsync(request.Target, request.Options, request.ReservedId, request.PreQueries, context.CancellationToken);
            return new BeginResponse { TransactionId = id, TabletAlias = Alias() };
        }
        catch (TabletException e)
        {
            return new BeginResponse { Error = e.ToRpcError(), TabletAlias = Alias() };
        }
    }

    public override async Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context)
    {
        try
        {
            return new CommitResponse { ReservedId = await engine.CommitAsync(request.Target, request.TransactionId, context.CancellationToken) };
        }
        catch (TabletException e)
        {
            return new CommitResponse { Error = e.ToRpcError() };
        }
    }

    public override async Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context)
    {
        try
        {
            return new RollbackResponse { ReservedId = await engine.RollbackAsync(request.Target, request.TransactionId, context.CancellationToken) };
        }
        catch (TabletException e)
        {
            return new RollbackResponse { Error = e.ToRpcError() };
        }
    }

    // The transaction id is returned even when the statement failed, so the caller can roll back.
    public override async Task<BeginExecuteResponse> BeginExecute(BeginExecuteRequest request, ServerCallContext context)
    {
        var response = new BeginExecuteResponse { TabletAlias = Alias() };
        try
        {
            response.TransactionId = await engine.BeginAsync(request.Target, request.Options, request.ReservedId, request.PreQueries, context.CancellationToken);
            response.Result = await engine.ExecuteAsync(request.Target, request.Query, response.TransactionId, 0, request.Options, context.CancellationToken);
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public override async Task<ReserveExecuteResponse> ReserveExecute(ReserveExecuteRequest request, ServerCallContext context)
    {
        var response = new ReserveExecuteResponse { TabletAlias = Alias() };
        try
        {
            response.ReservedId = await engine.ReserveAsync(request.Target, request.TransactionId, request.PreQueries, context.CancellationToken);
            response.Result = await engine.ExecuteAsync(request.Target, request.Query, 0, response.ReservedId, request.Options, context.CancellationToken);
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public override async Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context)
    {
        try
        {
            await engine.ReleaseAsync(request.Target, request.TransactionId, request.ReservedId, context.CancellationToken);
            return new ReleaseResponse();
        }
        catch (TabletException e)
        {
            return new ReleaseResponse { Error = e.ToRpcError() };
        }
    }

    public override async Task StreamHealth(StreamHealthRequest request, IServerStreamWriter<StreamHealthResponse> responseStream, ServerCallContext context)
    {
        try
        {
            await foreach (var message in health.SubscribeAsync(context.CancellationToken))
                await responseStream.WriteAsync(message);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller hung up or the tablet is stopping.
        }
    }

    private Rpc.Topodata.TabletAlias Alias() => new() { Cell = config.Cell, Uid = config.TabletUid };
}
