using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Tessera.Protocol.Client;
using Tessera.Rpc.Query;
using Tessera.Tablet.Connections;
using Tessera.Tablet.QueryService;
using Tessera.Tablet.TabletManager;
using TopoTabletType = Tessera.Topo.Records.TabletType;

namespace Tessera.Tablet.Health;

// Checks MariaDB and replication every HealthCheckInterval and keeps TabletState current; every
// StreamHealth subscriber gets the state at once, on every change, and once per interval (as
// Vitess's health streamer). MariaDB unreachable = not serving; back again = serving again.
internal sealed class HealthReporter : IAsyncDisposable
{
    private readonly TabletConfig config;
    private readonly TabletStateHolder state;
    private readonly DbConnector db;
    private readonly QueryEngine engine;
    private readonly Func<CancellationToken, Task>? refresh;
    private readonly Lock subscribersLock = new();
    private readonly List<Channel<StreamHealthResponse>> subscribers = [];
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim checking = new(1, 1);
    // Released to run the next check now instead of at the end of the interval.
    private readonly SemaphoreSlim wake = new(0, 1);
    private MySqlClientConnection? connection;
    private Task? loop;

    public HealthReporter(TabletConfig config, TabletStateHolder state, DbConnector db, QueryEngine engine, Func<CancellationToken, Task>? refresh)
    {
        this.config = config;
        this.state = state;
        this.db = db;
        this.engine = engine;
        this.refresh = refresh;
        state.Changed += Broadcast;
        db.Lost += Nudge;
    }

    // While MariaDB is down it is looked for every second (at most), so serving resumes soon after
    // it is back, whatever the configured interval.
    private static readonly TimeSpan DownRecheck = TimeSpan.FromSeconds(1);

    // A query lost its connection or could not connect: check now, MariaDB may have died.
    public void Nudge()
    {
        try
        {
            if (wake.CurrentCount == 0) wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another nudge got there first.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public StreamHealthResponse Current => ToMessage(state.Current);

    public void Start() => loop = Task.Run(() => RunAsync(stop.Token));

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await CheckAsync(ct).ConfigureAwait(false);
            // Nudges raised by this very check (its own failed connect) or before it are answered
            // by it: dropping them keeps a down MariaDB from turning the loop into a spin.
            while (wake.Wait(0))
            {
            }
            Broadcast(state.Current);
            try
            {
                var wait = state.Current.MysqlReachable || config.HealthCheckInterval < DownRecheck ? config.HealthCheckInterval : DownRecheck;
                await wake.WaitAsync(wait, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // The periodic loop and tablet-manager actions both check; one at a time, since they share
    // the admin connection.
    public async Task CheckAsync(CancellationToken ct = default)
    {
        await checking.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await CheckLockedAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            checking.Release();
        }
    }

    private async Task CheckLockedAsync(CancellationToken ct)
    {
        var reachable = true;
        var healthError = "";
        uint lag = 0;
        try
        {
            connection ??= await db.AdminAsync(ct).ConfigureAwait(false);
            await connection.PingAsync(ct).ConfigureAwait(false);
            if (state.Current.Type != TopoTabletType.Primary)
            {
                var replication = await Replication.StatusAsync(connection, ct).ConfigureAwait(false);
                if (!replication.Configured) healthError = "replication is not configured";
                else if (!replication.IoRunning || !replication.SqlRunning)
                    healthError = $"replication is not running (IO thread: {replication.IoThread}, SQL thread: {(replication.SqlRunning ? "running" : "stopped")})"
                        + (replication.LastError.Length > 0 ? ": " + replication.LastError : "");
                lag = replication.LagSeconds ?? 0;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is TabletException or IOException or Protocol.MySqlErrorException or Protocol.MySqlProtocolException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            reachable = false;
            healthError = $"MariaDB is unreachable: {e.Message}";
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            connection = null;
        }
        var wasReachable = state.Current.MysqlReachable;
        if (!reachable || !wasReachable) engine.DropIdleConnections();
        if (refresh is not null && reachable)
        {
            try
            {
                await refresh(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Topo.Backend.TopoException or IOException)
            {
                // The topo being briefly unreadable must not take the tablet out of service.
            }
        }
        state.Update(s => s with { MysqlReachable = reachable, HealthError = healthError, ReplicationLagSeconds = lag });
    }

    public async IAsyncEnumerable<StreamHealthResponse> SubscribeAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<StreamHealthResponse>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        channel.Writer.TryWrite(Current);
        lock (subscribersLock) subscribers.Add(channel);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, stop.Token);
            while (await channel.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var message)) yield return message;
            }
        }
        finally
        {
            lock (subscribersLock) subscribers.Remove(channel);
        }
    }

    private void Broadcast(TabletState current)
    {
        var message = ToMessage(current);
        lock (subscribersLock)
        {
            foreach (var subscriber in subscribers) subscriber.Writer.TryWrite(message);
        }
    }

    private StreamHealthResponse ToMessage(TabletState current) => new()
    {
        Target = new Target
        {
            Keyspace = config.Keyspace,
            Shard = config.Shard,
            TabletType = (Rpc.Topodata.TabletType)(int)current.Type,
            Cell = config.Cell,
        },
        Serving = current.IsServingNow,
        PrimaryTermStartTimestamp = current.Type == TopoTabletType.Primary ? current.PrimaryTermStart?.ToUnixTimeSeconds() ?? 0 : 0,
        RealtimeStats = new RealtimeStats { HealthError = current.HealthError, ReplicationLagSeconds = current.ReplicationLagSeconds },
        TabletAlias = new Rpc.Topodata.TabletAlias { Cell = config.Cell, Uid = config.TabletUid },
    };

    public async ValueTask DisposeAsync()
    {
        state.Changed -= Broadcast;
        db.Lost -= Nudge;
        await stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null) await loop.ConfigureAwait(false);
        lock (subscribersLock)
        {
            foreach (var subscriber in subscribers) subscriber.Writer.TryComplete();
        }
        if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
        stop.Dispose();
    }
}
