namespace Tessera.Topo.Backend;

// The small store interface every backend implements, modelled on Vitess's topo.Conn
// (go/vt/topo/conn.go). Paths are relative, '/'-separated, no leading '/', no empty, "." or ".."
// segments and no segment starting with '.' (those names are the backends' own bookkeeping);
// a bad path fails with InvalidPath. A path may be both a node and a directory of other nodes,
// as in etcd. Cancelling a token fails a waiting call with Interrupted.
public interface ITopoBackend : IAsyncDisposable
{
    // Creates the node. Fails NodeExists if it already exists. Returns the new version.
    Task<TopoVersion> CreateAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    // Reads the node. Fails NoNode if it does not exist.
    Task<TopoNode> GetAsync(string path, CancellationToken cancellationToken = default);

    // Replaces the node's data. With an expected version: fails BadVersion if the node's current
    // version differs, NoNode if it does not exist. Without one (null): writes unconditionally,
    // creating the node if missing. Returns the new version.
    Task<TopoVersion> UpdateAsync(string path, ReadOnlyMemory<byte> data, TopoVersion? expectedVersion, CancellationToken cancellationToken = default);

    // Deletes the node. Fails NoNode if it does not exist, BadVersion if an expected version is
    // given and differs. Directories left empty disappear.
    Task DeleteAsync(string path, TopoVersion? expectedVersion, CancellationToken cancellationToken = default);

    // The names (one segment each, sorted ordinally) of the nodes and directories directly under
    // dirPath ("" is the root). Fails NoNode if nothing exists under it.
    Task<IReadOnlyList<string>> ListAsync(string dirPath, CancellationToken cancellationToken = default);

    // Takes the exclusive lock named by path (independent of any node at that path), waiting up
    // to timeout: fails Timeout when another holder keeps it that long, Interrupted on
    // cancellation. While the handle lives the backend renews it; a holder that dies or stops
    // renewing loses it once ttl has passed, and others may then take it. Disposing releases it.
    Task<ITopoLock> LockAsync(string path, string purpose, TimeSpan timeout, TimeSpan ttl, CancellationToken cancellationToken = default);

    // The node's current value and a stream of its later changes. Fails NoNode if the node does
    // not exist. The stream yields each later version (a fast writer's intermediate versions may
    // be coalesced: the last one is always seen), ends after yielding a Deleted event, and ends
    // when the watch is disposed.
    Task<TopoWatch> WatchAsync(string path, CancellationToken cancellationToken = default);
}

// A held lock. CheckAsync fails LockLost once the lock expired or was broken by another holder.
public interface ITopoLock : IAsyncDisposable
{
    string Path { get; }

    string Purpose { get; }

    Task CheckAsync(CancellationToken cancellationToken = default);
}

// One change seen by a watch: a new value, or the node's deletion (Node is null).
public sealed record TopoWatchEvent(TopoNode? Node)
{
    public bool Deleted => Node is null;
}

// The value at the time the watch started plus the stream of changes after it.
public sealed class TopoWatch : IAsyncDisposable
{
    private readonly Func<ValueTask> _stop;

    public TopoWatch(TopoNode current, IAsyncEnumerable<TopoWatchEvent> changes, Func<ValueTask> stop)
    {
        Current = current;
        Changes = changes;
        _stop = stop;
    }

    public TopoNode Current { get; }

    public IAsyncEnumerable<TopoWatchEvent> Changes { get; }

    public ValueTask DisposeAsync() => _stop();
}
