using Grpc.Core;
using Tessera.Ctld.Admin;
using Tessera.Rpc.Ctldata;
using Tessera.Rpc.CtlService;
using Tessera.Topo.Records;

namespace Tessera.Ctld.Grpc;

// The admin operations over gRPC (Vitess's vtctlservice.Vtctld): requests map to CtldService
// calls, records travel as their JSON.
internal sealed class CtldGrpcService(CtldService admin) : Rpc.CtlService.Ctld.CtldBase
{
    public override Task<CreateKeyspaceResponse> CreateKeyspace(CreateKeyspaceRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new CreateKeyspaceResponse
        {
            KeyspaceJson = CtlJson.Keyspace(await admin.CreateKeyspaceAsync(request.Name, request.DurabilityPolicy, request.Force, context.CancellationToken)),
        });

    public override Task<DeleteKeyspaceResponse> DeleteKeyspace(DeleteKeyspaceRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            await admin.DeleteKeyspaceAsync(request.Keyspace, request.Recursive, context.CancellationToken);
            return new DeleteKeyspaceResponse();
        });

    public override Task<GetKeyspaceResponse> GetKeyspace(GetKeyspaceRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetKeyspaceResponse
        {
            KeyspaceJson = CtlJson.Keyspace(await admin.GetKeyspaceAsync(request.Keyspace, context.CancellationToken)),
        });

    public override Task<GetKeyspacesResponse> GetKeyspaces(GetKeyspacesRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetKeyspacesResponse
        {
            KeyspacesJson = { (await admin.GetKeyspacesAsync(context.CancellationToken)).Select(CtlJson.Keyspace) },
        });

    public override Task<CreateShardResponse> CreateShard(CreateShardRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            var (keyspace, shard, existed) = await admin.CreateShardAsync(request.Keyspace, request.ShardName, request.Force, request.IncludeParent, context.CancellationToken);
            return new CreateShardResponse { KeyspaceJson = CtlJson.Keyspace(keyspace), ShardJson = CtlJson.Shard(shard), ShardAlreadyExists = existed };
        });

    public override Task<DeleteShardsResponse> DeleteShards(DeleteShardsRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            await admin.DeleteShardsAsync(request.Shards.Select(s => (s.Keyspace, s.Name)), request.Recursive, request.EvenIfServing, context.CancellationToken);
            return new DeleteShardsResponse();
        });

    public override Task<GetShardResponse> GetShard(GetShardRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetShardResponse
        {
            ShardJson = CtlJson.Shard(await admin.GetShardAsync(request.Keyspace, request.ShardName, context.CancellationToken)),
        });

    public override Task<GetTabletsResponse> GetTablets(GetTabletsRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            TabletType? type = request.TabletType.Length > 0 ? CtldService.ParseTabletType(request.TabletType) : null;
            var tablets = await admin.GetTabletsAsync(request.Keyspace, request.Shard, type, [.. request.Cells], context.CancellationToken);
            return new GetTabletsResponse { TabletsJson = { tablets.Select(t => CtlJson.Tablet(t.Tablet)) } };
        });

    public override Task<GetTabletResponse> GetTablet(GetTabletRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetTabletResponse
        {
            TabletJson = CtlJson.Tablet((await admin.GetTabletAsync(request.TabletAlias, context.CancellationToken)).Tablet),
        });

    public override Task<ApplyVSchemaResponse> ApplyVSchema(ApplyVSchemaRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new ApplyVSchemaResponse
        {
            VschemaJson = await admin.ApplyVSchemaAsync(request.Keyspace, request.VschemaJson, request.DryRun, request.SkipRebuild, [.. request.Cells], context.CancellationToken),
        });

    public override Task<GetVSchemaResponse> GetVSchema(GetVSchemaRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetVSchemaResponse { VschemaJson = await admin.GetVSchemaAsync(request.Keyspace, context.CancellationToken) });

    public override Task<ApplyRoutingRulesResponse> ApplyRoutingRules(ApplyRoutingRulesRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new ApplyRoutingRulesResponse
        {
            RoutingRulesJson = await admin.ApplyRoutingRulesAsync(request.RoutingRulesJson, request.DryRun, request.SkipRebuild, [.. request.RebuildCells], context.CancellationToken),
        });

    public override Task<GetRoutingRulesResponse> GetRoutingRules(GetRoutingRulesRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetRoutingRulesResponse { RoutingRulesJson = await admin.GetRoutingRulesAsync(context.CancellationToken) });

    public override Task<RebuildKeyspaceGraphResponse> RebuildKeyspaceGraph(RebuildKeyspaceGraphRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            await admin.RebuildKeyspaceGraphAsync(request.Keyspace, [.. request.Cells], context.CancellationToken);
            return new RebuildKeyspaceGraphResponse();
        });

    public override Task<RebuildVSchemaGraphResponse> RebuildVSchemaGraph(RebuildVSchemaGraphRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            await admin.RebuildVSchemaGraphAsync([.. request.Cells], context.CancellationToken);
            return new RebuildVSchemaGraphResponse();
        });

    public override Task<GetSrvKeyspacesResponse> GetSrvKeyspaces(GetSrvKeyspacesRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            var response = new GetSrvKeyspacesResponse();
            foreach (var (cell, srv) in await admin.GetSrvKeyspacesAsync(request.Keyspace, [.. request.Cells], context.CancellationToken))
                response.SrvKeyspacesJson[cell] = CtlJson.Record(srv);
            return response;
        });

    public override Task<GetSrvVSchemaResponse> GetSrvVSchema(GetSrvVSchemaRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetSrvVSchemaResponse { SrvVschemaJson = await admin.GetSrvVSchemaAsync(request.Cell, context.CancellationToken) });

    public override Task<GetCellInfoNamesResponse> GetCellInfoNames(GetCellInfoNamesRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetCellInfoNamesResponse { Names = { await admin.GetCellInfoNamesAsync(context.CancellationToken) } });

    public override Task<AddCellInfoResponse> AddCellInfo(AddCellInfoRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            await admin.AddCellInfoAsync(request.Name, new CellInfo { ServerAddress = request.ServerAddress, Root = request.Root }, context.CancellationToken);
            return new AddCellInfoResponse();
        });

    public override Task<ChangeTabletTypeResponse> ChangeTabletType(ChangeTabletTypeRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            var (before, after) = await admin.ChangeTabletTypeAsync(request.TabletAlias, request.DbType, request.DryRun, context.CancellationToken);
            return new ChangeTabletTypeResponse { BeforeTabletJson = CtlJson.Tablet(before), AfterTabletJson = CtlJson.Tablet(after), WasDryRun = request.DryRun };
        });

    public override Task<ReparentShardResponse> InitShardPrimary(InitShardPrimaryRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => Reparent(await admin.InitShardPrimaryAsync(request.Keyspace, request.Shard, request.PrimaryElectTabletAlias, request.Force,
            Timeout(request.WaitReplicasTimeoutMs), context.CancellationToken)));

    public override Task<ReparentShardResponse> PlannedReparentShard(PlannedReparentShardRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => Reparent(await admin.PlannedReparentShardAsync(request.Keyspace, request.Shard, request.NewPrimary, request.AvoidPrimary,
            Timeout(request.WaitReplicasTimeoutMs), context.CancellationToken)));

    public override Task<ReparentShardResponse> EmergencyReparentShard(EmergencyReparentShardRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => Reparent(await admin.EmergencyReparentShardAsync(request.Keyspace, request.Shard, request.NewPrimary, [.. request.IgnoreReplicas],
            Timeout(request.WaitReplicasTimeoutMs), context.CancellationToken)));

    public override Task<ApplySchemaResponse> ApplySchema(ApplySchemaRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new ApplySchemaResponse
        {
            Results =
            {
                (await admin.ApplySchemaAsync(request.Keyspace, [.. request.Sql], context.CancellationToken)).Select(r => new Rpc.Ctldata.ShardSchemaResult
                {
                    Shard = r.Shard,
                    TabletAlias = r.Tablet?.ToString() ?? "",
                    Error = r.Error ?? "",
                }),
            },
        });

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new GetSchemaResponse
        {
            Schema = await admin.GetSchemaAsync(request.TabletAlias, [.. request.Tables], [.. request.ExcludeTables], request.IncludeViews, request.TableNamesOnly, context.CancellationToken),
        });

    public override Task<CopySchemaShardResponse> CopySchemaShard(CopySchemaShardRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () =>
        {
            var result = await admin.CopySchemaShardAsync(request.SourceTabletAlias, request.SourceKeyspace, request.SourceShard, request.DestinationKeyspace, request.DestinationShard,
                [.. request.Tables], [.. request.ExcludeTables], request.IncludeViews, request.SkipVerify, context.CancellationToken);
            return new CopySchemaShardResponse { CreatedTables = { result.Created }, ExistingTables = { result.Existing } };
        });

    public override Task<ValidateResponse> Validate(ValidateRequest request, ServerCallContext context) =>
        RpcErrors.Run(async () => new ValidateResponse { Results = { await admin.ValidateAsync(request.PingTablets, context.CancellationToken) } });

    private static ReparentShardResponse Reparent(ReparentResult result) => new()
    {
        Keyspace = result.Keyspace,
        Shard = result.Shard,
        PromotedPrimary = result.PromotedPrimary.ToString(),
        Events = { result.Events },
    };

    private static TimeSpan? Timeout(long milliseconds) => milliseconds > 0 ? TimeSpan.FromMilliseconds(milliseconds) : null;
}
