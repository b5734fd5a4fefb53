using Grpc.Core;
using Grpc.Net.Client;
using Tessera.Rpc.Query;
using QueryClient = Tessera.Rpc.QueryService.Query.QueryClient;

namespace Tessera.Ctld.Web;

// What one tablet says about itself: the first message of its StreamHealth stream (Vitess's
// healthcheck reads the same), or why it could not be asked.
public sealed record TabletHealth(bool Reachable, bool Serving, string TabletType, string HealthError, uint ReplicationLagSeconds)
{
    public static TabletHealth Unreachable(string why) => new(false, false, "", why, 0);

    // Healthy: serving and nothing wrong (a replica whose replication has stopped still serves,
    // but is not healthy, as Vitess's health_error says).
    public bool IsHealthy => Reachable && Serving && HealthError.Length == 0;

    public string Summary =>
        !Reachable ? "unreachable: " + HealthError
        : IsHealthy ? (ReplicationLagSeconds > 0 ? $"serving, lag {ReplicationLagSeconds}s" : "serving")
        : Serving ? "serving, unhealthy: " + HealthError
        : HealthError.Length > 0 ? "not serving: " + HealthError : "not serving";
}

public static class TabletHealthProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    public static async Task<TabletHealth> ProbeAsync(string host, int grpcPort, TimeSpan timeout, CancellationToken ct = default)
    {
        if (grpcPort <= 0) return TabletHealth.Unreachable("no gRPC port recorded");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var channel = GrpcChannel.ForAddress(new UriBuilder("http", host, grpcPort).Uri);
            using var call = new QueryClient(channel).StreamHealth(new StreamHealthRequest(), cancellationToken: limit.Token);
            if (!await call.ResponseStream.MoveNext(limit.Token).ConfigureAwait(false))
                return TabletHealth.Unreachable("the health stream ended without a message");
            var m = call.ResponseStream.Current;
            return new TabletHealth(true, m.Serving, m.Target?.TabletType.ToString().ToLowerInvariant() ?? "",
                m.RealtimeStats?.HealthError ?? "", m.RealtimeStats?.ReplicationLagSeconds ?? 0);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && limit.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return TabletHealth.Unreachable($"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return TabletHealth.Unreachable($"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (RpcException e)
        {
            return TabletHealth.Unreachable(e.Status.Detail.Length > 0 ? e.Status.Detail : e.StatusCode.ToString());
        }
    }

    // Every tablet at once, so one slow tablet costs the page one timeout, not one per tablet.
    public static Task<TabletHealth[]> ProbeAllAsync(IEnumerable<(string Host, int GrpcPort)> tablets, TimeSpan timeout, CancellationToken ct = default) =>
        Task.WhenAll(tablets.Select(t => ProbeAsync(t.Host, t.GrpcPort, timeout, ct)));
}
