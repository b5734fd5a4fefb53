using System.Globalization;
using Grpc.Core;
using Tessera.Protocol;
using Tessera.Protocol.Client;
using Tessera.Rpc.Query;
using Tessera.Rpc.TabletManager;
using Tessera.Tablet.QueryService;
using Tessera.Tablet.Server;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.TabletManager;

// What the control daemon asks of a tablet (Vitess's tabletmanager RPCs). Replication is MariaDB
// GTID replication: CHANGE MASTER TO … MASTER_USE_GTID=slave_pos as vt_repl
// (https://mariadb.com/kb/en/gtid/#using-current_pos-vs-slave_pos). Failures are gRPC errors
// whose message carries MariaDB's own error.
internal sealed class TabletManagerGrpcService(TabletController controller) : Rpc.TabletManager.TabletManager.TabletManagerBase
{
    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) =>
        Task.FromResult(new PingResponse { Payload = request.Payload });

    public override Task<ChangeTypeResponse> ChangeType(ChangeTypeRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.ChangeTypeAsync((TopoTabletType)(int)request.TabletType, ct);
            return new ChangeTypeResponse();
        }, context);

    public override Task<SetReadOnlyResponse> SetReadOnly(SetReadOnlyRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.DbaExecuteAsync("SET GLOBAL read_only = 1", ct);
            return new SetReadOnlyResponse();
        }, context);

    public override Task<SetReadWriteResponse> SetReadWrite(SetReadWriteRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.DbaExecuteAsync("SET GLOBAL read_only = 0", ct);
            return new SetReadWriteResponse();
        }, context);

    public override Task<InitPrimaryResponse> InitPrimary(InitPrimaryRequest request, ServerCallContext context) =>
        Run(async ct => new InitPrimaryResponse { Position = await controller.InitPrimaryAsync(ct) }, context);

    public override Task<InitReplicaResponse> InitReplica(InitReplicaRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.InitReplicaAsync(request.Parent, request.ReplicationPosition, ct);
            return new InitReplicaResponse();
        }, context);

    public override Task<SetReplicationSourceResponse> SetReplicationSource(SetReplicationSourceRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.SetReplicationSourceAsync(request.Parent, request.ForceStartReplication, request.WaitPosition, ct);
            return new SetReplicationSourceResponse();
        }, context);

    public override Task<StopReplicationResponse> StopReplication(StopReplicationRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.DbaExecuteAsync("STOP SLAVE", ct);
            await controller.RefreshHealthAsync(ct);
            return new StopReplicationResponse();
        }, context);

    public override Task<StartReplicationResponse> StartReplication(StartReplicationRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.StartReplicationAsync(ct);
            return new StartReplicationResponse();
        }, context);

    public override Task<PrimaryPositionResponse> PrimaryPosition(PrimaryPositionRequest request, ServerCallContext context) =>
        Run(async ct => new PrimaryPositionResponse { Position = await controller.ScalarAsync("SELECT @@GLOBAL.gtid_binlog_pos", ct) }, context);

    public override Task<WaitForPositionResponse> WaitForPosition(WaitForPositionRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.WaitForPositionAsync(request.Position, request.TimeoutMs > 0 ? TimeSpan.FromMilliseconds(request.TimeoutMs) : TimeSpan.FromSeconds(30), ct);
            return new WaitForPositionResponse();
        }, context);

    public override Task<ReplicationStatusResponse> ReplicationStatus(ReplicationStatusRequest request, ServerCallContext context) =>
        Run(controller.ReplicationStatusAsync, context);

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context) =>
        Run(async ct => new GetSchemaResponse { SchemaDefinition = await controller.GetSchemaAsync(request.Tables, request.ExcludeTables, request.IncludeViews, ct) }, context);

    public override Task<ApplySchemaResponse> ApplySchema(ApplySchemaRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            var before = await controller.GetSchemaAsync([], [], true, ct);
            await controller.DbaExecuteAsync(request.Sql, ct, controller.Config.DbName, disableBinlog: !request.AllowReplication);
            var after = await controller.GetSchemaAsync([], [], true, ct);
            return new ApplySchemaResponse { BeforeSchema = before, AfterSchema = after };
        }, context);

    public override async Task<ExecuteFetchAsDbaResponse> ExecuteFetchAsDba(ExecuteFetchAsDbaRequest request, ServerCallContext context)
    {
        try
        {
            var result = await controller.ExecuteFetchAsDbaAsync(request.Query, request.DbName.Length > 0 ? request.DbName : controller.Config.DbName,
                request.MaxRows == 0 ? 10_000 : (int)Math.Min(request.MaxRows, int.MaxValue), request.DisableBinlogs, context.CancellationToken);
            return new ExecuteFetchAsDbaResponse { Result = result };
        }
        catch (TabletException e)
        {
            return new ExecuteFetchAsDbaResponse { Error = e.ToRpcError() };
        }
    }

    public override Task<RefreshStateResponse> RefreshState(RefreshStateRequest request, ServerCallContext context) =>
        Run(async ct =>
        {
            await controller.RefreshStateAsync(ct);
            return new RefreshStateResponse();
        }, context);

    private static async Task<T> Run<T>(Func<CancellationToken, Task<T>> action, ServerCallContext context)
    {
        try
        {
            return await action(context.CancellationToken);
        }
        catch (MySqlErrorException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Error.ToString()));
        }
        catch (TabletException e)
        {
            throw new RpcException(new Status(e.Code == VtCode.Unavailable ? StatusCode.Unavailable : StatusCode.FailedPrecondition, e.Error.ToString()));
        }
        catch (Topo.Backend.TopoException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Message));
        }
    }
}
