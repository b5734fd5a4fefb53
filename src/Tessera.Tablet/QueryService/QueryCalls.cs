using Tessera.Rpc.Query;

namespace Tessera.Tablet.QueryService;

// The unary query-service calls, whatever carries them (gRPC, or the query wire on the gate's hot
// path). Errors travel in each response's RpcError (number, SQLSTATE, message whole) rather than as
// a transport status, so the gate can relay them to its client unchanged.
internal sealed class QueryCalls(QueryEngine engine, TabletConfig config)
{
    public async Task<ExecuteResponse> Execute(ExecuteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new ExecuteResponse { Result = await engine.ExecuteAsync(request.Target, request.Query, request.TransactionId, request.ReservedId, request.Options, cancellationToken) };
        }
        catch (TabletException e)
        {
            return new ExecuteResponse { Error = e.ToRpcError() };
        }
    }


    public async Task<ExecuteBatchResponse> ExecuteBatch(ExecuteBatchRequest request, CancellationToken cancellationToken)
    {
        var response = new ExecuteBatchResponse();
        try
        {
            response.Results.AddRange(await engine.ExecuteBatchAsync(request.Target, request.Queries, request.AsTransaction, request.TransactionId, request.Options, cancellationToken));
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public async Task<BeginResponse> Begin(BeginRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var id = await engine.BeginAsync(request.Target, request.Options, request.ReservedId, request.PreQueries, cancellationToken);
            return new BeginResponse { TransactionId = id, TabletAlias = Alias() };
        }
        catch (TabletException e)
        {
            return new BeginResponse { Error = e.ToRpcError(), TabletAlias = Alias() };
        }
    }

    public async Task<CommitResponse> Commit(CommitRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new CommitResponse { ReservedId = await engine.CommitAsync(request.Target, request.TransactionId, cancellationToken) };
        }
        catch (TabletException e)
        {
            return new CommitResponse { Error = e.ToRpcError() };
        }
    }

    public async Task<RollbackResponse> Rollback(RollbackRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new RollbackResponse { ReservedId = await engine.RollbackAsync(request.Target, request.TransactionId, cancellationToken) };
        }
        catch (TabletException e)
        {
            return new RollbackResponse { Error = e.ToRpcError() };
        }
    }

    // The transaction id is returned even when the statement failed, so the caller can roll back.
    public async Task<BeginExecuteResponse> BeginExecute(BeginExecuteRequest request, CancellationToken cancellationToken)
    {
        var response = new BeginExecuteResponse { TabletAlias = Alias() };
        try
        {
            response.TransactionId = await engine.BeginAsync(request.Target, request.Options, request.ReservedId, request.PreQueries, cancellationToken);
            response.Result = await engine.ExecuteAsync(request.Target, request.Query, response.TransactionId, 0, request.Options, cancellationToken);
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public async Task<ReserveExecuteResponse> ReserveExecute(ReserveExecuteRequest request, CancellationToken cancellationToken)
    {
        var response = new ReserveExecuteResponse { TabletAlias = Alias() };
        try
        {
            response.ReservedId = await engine.ReserveAsync(request.Target, request.TransactionId, request.PreQueries, cancellationToken);
            response.Result = await engine.ExecuteAsync(request.Target, request.Query, 0, response.ReservedId, request.Options, cancellationToken);
        }
        catch (TabletException e)
        {
            response.Error = e.ToRpcError();
        }
        return response;
    }

    public async Task<ReleaseResponse> Release(ReleaseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await engine.ReleaseAsync(request.Target, request.TransactionId, request.ReservedId, cancellationToken);
            return new ReleaseResponse();
        }
        catch (TabletException e)
        {
            return new ReleaseResponse { Error = e.ToRpcError() };
        }
    }


    private Rpc.Topodata.TabletAlias Alias() => new() { Cell = config.Cell, Uid = config.TabletUid };
}
