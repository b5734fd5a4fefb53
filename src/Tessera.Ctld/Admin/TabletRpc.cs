using Grpc.Core;
using Tessera.Rpc.Channels;
using Tessera.Topo.Records;
using TabletManagerClient = Tessera.Rpc.TabletManager.TabletManager.TabletManagerClient;

namespace Tessera.Ctld.Admin;

// Calls one tablet's tablet-manager service (Vitess's tmclient) at the gRPC address its topo
// record gives. A failure becomes one CtldException naming the tablet and what was asked of it,
// with the tablet's own error; a call that does not answer within its deadline fails the same way.
// Channels are opened per call: reparents make a handful of calls, and a tablet that moved ports
// is reached at its new address on the next call.
internal static class TabletRpc
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<T> CallAsync<T>(Tablet tablet, string action, Func<TabletManagerClient, CallOptions, AsyncUnaryCall<T>> call,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tablet);
        ArgumentNullException.ThrowIfNull(call);
        if (!tablet.PortMap.TryGetValue("grpc", out var port) || port == 0)
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"{action} on tablet {tablet.Alias}: its topo record has no gRPC port");
        var host = tablet.Hostname.Length > 0 ? tablet.Hostname : "127.0.0.1";
        var limit = timeout ?? DefaultTimeout;
        using var channel = TabletChannel.Create(host, port);
        try
        {
            return await call(new TabletManagerClient(channel), new CallOptions(deadline: DateTime.UtcNow + limit, cancellationToken: ct));
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
        {
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"{action} on tablet {tablet.Alias}: no answer within {limit.TotalSeconds:0.#} s");
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            var detail = e.StatusCode == StatusCode.Unavailable ? $"tablet unreachable at {CtlFormat.Addr(host, port)} ({e.Status.Detail})" : e.Status.Detail;
            throw new CtldException(CtldErrorCode.FailedPrecondition, $"{action} on tablet {tablet.Alias} failed: {detail}");
        }
    }

    public static Rpc.Topodata.TabletAlias Alias(TabletAlias alias) => new() { Cell = alias.Cell, Uid = alias.Uid };

    public static Rpc.Topodata.TabletType Type(TabletType type) => (Rpc.Topodata.TabletType)(int)type;
}
