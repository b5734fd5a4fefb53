using Grpc.Core;
using Tessera.Rpc.Query;
using Tessera.Tablet.Health;

namespace Tessera.Tablet.QueryService;

// The gRPC face of the query service: the unary calls are QueryCalls' (errors in each response's
// RpcError, not as gRPC status, so the gate can relay them unchanged); the two streams are here.
internal sealed class QueryGrpcService(QueryEngine engine, HealthReporter health, QueryCalls calls) : Rpc.QueryService.Query.QueryBase
{
    public override Task<ExecuteResponse> Execute(ExecuteRequest request, ServerCallContext context) => calls.Execute(request, context.CancellationToken);

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

    public override Task<ExecuteBatchResponse> ExecuteBatch(ExecuteBatchRequest request, ServerCallContext context) => calls.ExecuteBatch(request, context.CancellationToken);

    public override Task<BeginResponse> Begin(BeginRequest request, ServerCallContext context) => calls.Begin(request, context.CancellationToken);

    public override Task<CommitResponse> Commit(CommitRequest request, ServerCallContext context) => calls.Commit(request, context.CancellationToken);

    public override Task<RollbackResponse> Rollback(RollbackRequest request, ServerCallContext context) => calls.Rollback(request, context.CancellationToken);

    public override Task<BeginExecuteResponse> BeginExecute(BeginExecuteRequest request, ServerCallContext context) => calls.BeginExecute(request, context.CancellationToken);

    public override Task<ReserveExecuteResponse> ReserveExecute(ReserveExecuteRequest request, ServerCallContext context) => calls.ReserveExecute(request, context.CancellationToken);

    public override Task<ReleaseResponse> Release(ReleaseRequest request, ServerCallContext context) => calls.Release(request, context.CancellationToken);

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
}
