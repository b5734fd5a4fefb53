using System.Collections.Concurrent;
using System.Diagnostics;
using Tessera.Protocol.Client;

namespace Tessera.Tablet.Connections;

// A fixed-capacity pool of MariaDB connections (Vitess's connpool): at most Capacity lent at once,
// a borrower waits up to WaitTimeout for one, and at most QueueLimit borrowers may wait (0 = no
// limit). Idle connections are reused most-recently-returned first so the warm ones stay warm.
internal sealed class ConnectionPool
{
    private readonly Func<CancellationToken, Task<MySqlClientConnection>> connect;
    private readonly SemaphoreSlim slots;
    private readonly ConcurrentStack<MySqlClientConnection> idle = new();
    private int waiting;
    private long waitCount;
    private long waitTicks;
    private long timeouts;
    private volatile bool closed;

    public ConnectionPool(string name, int capacity, TimeSpan waitTimeout, int queueLimit, Func<CancellationToken, Task<MySqlClientConnection>> connect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Name = name;
        Capacity = capacity;
        WaitTimeout = waitTimeout;
        QueueLimit = queueLimit;
        this.connect = connect;
        slots = new SemaphoreSlim(capacity, capacity);
    }

    public string Name { get; }
    public int Capacity { get; }
    public TimeSpan WaitTimeout { get; }
    public int QueueLimit { get; }
    public int InUse => Capacity - slots.CurrentCount;
    public int Available => slots.CurrentCount;
    public int IdleCount => idle.Count;
    public int Waiting => Volatile.Read(ref waiting);
    public long WaitCount => Interlocked.Read(ref waitCount);
    public TimeSpan WaitTime => TimeSpan.FromTicks(Interlocked.Read(ref waitTicks));
    public long Timeouts => Interlocked.Read(ref timeouts);

    public async ValueTask<PooledConnection> GetAsync(CancellationToken ct = default)
    {
        if (closed) throw TabletErrors.Unavailable($"{Name} pool is closed");
        if (!slots.Wait(0))
        {
            if (QueueLimit > 0 && Volatile.Read(ref waiting) >= QueueLimit)
                throw TabletErrors.PoolQueueFull(Name, QueueLimit);
            Interlocked.Increment(ref waiting);
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (!await slots.WaitAsync(WaitTimeout, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref timeouts);
                    throw TabletErrors.PoolTimeout(Name, WaitTimeout);
                }
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
                Interlocked.Increment(ref waitCount);
                Interlocked.Add(ref waitTicks, Stopwatch.GetElapsedTime(started).Ticks);
            }
        }
        if (idle.TryPop(out var connection)) return new PooledConnection(this, connection);
        try
        {
            return new PooledConnection(this, await connect(ct).ConfigureAwait(false));
        }
        catch
        {
            slots.Release();
            throw;
        }
    }

    internal void Return(PooledConnection lent)
    {
        if (lent.Broken || closed) _ = lent.Connection.DisposeAsync().AsTask();
        else idle.Push(lent.Connection);
        slots.Release();
    }

    // Drops every idle connection (MariaDB restarted: they are all dead); lent ones are dropped
    // as they come back broken.
    public void DropIdle()
    {
        while (idle.TryPop(out var connection)) _ = connection.DisposeAsync().AsTask();
    }

    public void Close()
    {
        closed = true;
        DropIdle();
    }
}
