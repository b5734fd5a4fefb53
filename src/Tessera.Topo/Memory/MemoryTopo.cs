using System.Threading.Channels;
using Tessera.Topo.Backend;

namespace Tessera.Topo.Memory;

// The in-process backend (Vitess's memorytopo): one dictionary under one lock. For tests and for
// a single process that needs no persistence.
public sealed class MemoryTopo : ITopoBackend
{
    private readonly object _gate = new();
    private readonly SortedDictionary<string, TopoNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Channel<TopoWatchEvent>>> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LockState> _locks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _revision;
    private TaskCompletionSource _lockReleased = NewSignal();

    public MemoryTopo(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    public Task<TopoVersion> CreateAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        lock (_gate)
        {
            if (_nodes.ContainsKey(path))
                throw new TopoException(TopoErrorCode.NodeExists, path);
            return Task.FromResult(Put(path, data));
        }
    }

    public Task<TopoNode> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        lock (_gate)
        {
            return _nodes.TryGetValue(path, out var node)
                ? Task.FromResult(node)
                : throw new TopoException(TopoErrorCode.NoNode, path);
        }
    }

    public Task<TopoVersion> UpdateAsync(string path, ReadOnlyMemory<byte> data, TopoVersion? expectedVersion, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        lock (_gate)
        {
            if (expectedVersion is { } expected)
            {
                if (!_nodes.TryGetValue(path, out var node))
                    throw new TopoException(TopoErrorCode.NoNode, path);
                if (node.Version != expected)
                    throw new TopoException(TopoErrorCode.BadVersion, path, $"bad node version: {path} (expected {expected}, is {node.Version})");
            }
            return Task.FromResult(Put(path, data));
        }
    }

    public Task DeleteAsync(string path, TopoVersion? expectedVersion, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        lock (_gate)
        {
            if (!_nodes.TryGetValue(path, out var node))
                throw new TopoException(TopoErrorCode.NoNode, path);
            if (expectedVersion is { } expected && node.Version != expected)
                throw new TopoException(TopoErrorCode.BadVersion, path, $"bad node version: {path} (expected {expected}, is {node.Version})");
            _nodes.Remove(path);
            _revision++;
            if (_watches.Remove(path, out var watchers))
            {
                foreach (var w in watchers)
                {
                    w.Writer.TryWrite(new TopoWatchEvent(null));
                    w.Writer.TryComplete();
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string dirPath, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(dirPath, allowRoot: true);
        var prefix = dirPath.Length == 0 ? "" : dirPath + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var key in _nodes.Keys)
            {
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                    continue;
                var rest = key.AsSpan(prefix.Length);
                var slash = rest.IndexOf('/');
                names.Add((slash < 0 ? rest : rest[..slash]).ToString());
            }
        }
        return names.Count == 0
            ? throw new TopoException(TopoErrorCode.NoNode, dirPath)
            : Task.FromResult<IReadOnlyList<string>>([.. names]);
    }

    public async Task<ITopoLock> LockAsync(string path, string purpose, TimeSpan timeout, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            Task released;
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (!_locks.TryGetValue(path, out var held) || held.ExpiresAt <= now)
                {
                    var owner = new object();
                    _locks[path] = new LockState(owner, now + ttl);
                    return new MemoryLock(this, path, purpose, ttl, owner);
                }
                if (now >= deadline)
                    throw new TopoException(TopoErrorCode.Timeout, path, $"timed out after {timeout} waiting for lock {path} ({purpose})");
                released = _lockReleased.Task;
                wait = Min(held.ExpiresAt, deadline) - now;
            }
            try
            {
                await released.WaitAsync(wait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TopoException(TopoErrorCode.Interrupted, path, $"interrupted waiting for lock {path} ({purpose})");
            }
        }
    }

    public Task<TopoWatch> WatchAsync(string path, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        var channel = Channel.CreateUnbounded<TopoWatchEvent>(new UnboundedChannelOptions { SingleReader = true });
        TopoNode current;
        lock (_gate)
        {
            if (!_nodes.TryGetValue(path, out current!))
                throw new TopoException(TopoErrorCode.NoNode, path);
            if (!_watches.TryGetValue(path, out var list))
                _watches[path] = list = [];
            list.Add(channel);
        }
        return Task.FromResult(new TopoWatch(current, channel.Reader.ReadAllAsync(), () =>
        {
            lock (_gate)
            {
                if (_watches.TryGetValue(path, out var list))
                    list.Remove(channel);
            }
            channel.Writer.TryComplete();
            return ValueTask.CompletedTask;
        }));
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var list in _watches.Values)
                foreach (var w in list)
                    w.Writer.TryComplete();
            _watches.Clear();
        }
        return ValueTask.CompletedTask;
    }

    // Called under _gate.
    private TopoVersion Put(string path, ReadOnlyMemory<byte> data)
    {
        var node = new TopoNode(data.ToArray(), new TopoVersion(++_revision));
        _nodes[path] = node;
        if (_watches.TryGetValue(path, out var watchers))
            foreach (var w in watchers)
                w.Writer.TryWrite(new TopoWatchEvent(node));
        return node.Version;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private bool Renew(string path, object owner, TimeSpan ttl)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_locks.TryGetValue(path, out var held) || held.Owner != owner || held.ExpiresAt <= now)
                return false;
            _locks[path] = held with { ExpiresAt = now + ttl };
            return true;
        }
    }

    private bool Held(string path, object owner)
    {
        lock (_gate)
            return _locks.TryGetValue(path, out var held) && held.Owner == owner && held.ExpiresAt > _time.GetUtcNow();
    }

    private void Release(string path, object owner)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (!_locks.TryGetValue(path, out var held) || held.Owner != owner)
                return;
            _locks.Remove(path);
            signal = _lockReleased;
            _lockReleased = NewSignal();
        }
        signal.TrySetResult();
    }

    private sealed record LockState(object Owner, DateTimeOffset ExpiresAt);

    private sealed class MemoryLock(MemoryTopo topo, string path, string purpose, TimeSpan ttl, object owner)
        : RenewingLock(path, purpose, ttl)
    {
        protected override Task<bool> RenewAsync() => Task.FromResult(topo.Renew(Path, owner, Ttl));

        protected override Task<bool> StillHeldAsync(CancellationToken cancellationToken) => Task.FromResult(topo.Held(Path, owner));

        protected override Task ReleaseAsync()
        {
            topo.Release(Path, owner);
            return Task.CompletedTask;
        }
    }
}
