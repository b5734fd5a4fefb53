namespace Tessera.Topo.Backend;

// A held lock that keeps itself alive, like an etcd lease's keep-alive: every ttl/3 it pushes
// its expiry forward. If the holding process dies, the renewals stop and the lock expires after
// ttl; that is the only way a lock is lost without being released.
internal abstract class RenewingLock : ITopoLock
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private volatile bool _lost;
    private int _disposed;

    protected RenewingLock(string path, string purpose, TimeSpan ttl)
    {
        Path = path;
        Purpose = purpose;
        Ttl = ttl;
        _renewal = Task.Run(RenewLoopAsync);
    }

    public string Path { get; }

    public string Purpose { get; }

    protected TimeSpan Ttl { get; }

    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (_lost || !await StillHeldAsync(cancellationToken))
        {
            _lost = true;
            throw new TopoException(TopoErrorCode.LockLost, Path, $"lock lost: {Path} ({Purpose})");
        }
    }

    // Stops renewing without releasing, as a holder that died would: tests use it to watch the
    // lock expire.
    internal async Task AbandonAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        await _stop.CancelAsync();
        await _renewal;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
        if (!_lost)
            await ReleaseAsync();
    }

    // Extends the expiry to now + ttl; false if the lock is no longer ours.
    protected abstract Task<bool> RenewAsync();

    protected abstract Task<bool> StillHeldAsync(CancellationToken cancellationToken);

    protected abstract Task ReleaseAsync();

    private async Task RenewLoopAsync()
    {
        var period = Ttl / 3;
        if (period < TimeSpan.FromMilliseconds(1))
            period = TimeSpan.FromMilliseconds(1);
        try
        {
            while (!_lost)
            {
                await Task.Delay(period, _stop.Token);
                if (!await RenewAsync())
                    _lost = true;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The store went away; the lock will expire on its own.
            _lost = true;
        }
    }
}
