using Tessera.Topo.Backend;

namespace Tessera.Ctld.Tests.Admin;

// The memory topo with a short pause on every read and write, so concurrent admin operations
// interleave the way they do against a real store.
internal sealed class SlowTopo(ITopoBackend inner) : ITopoBackend
{
    public async Task<TopoVersion> CreateAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken);
        return await inner.CreateAsync(path, data, cancellationToken);
    }

    public async Task<TopoNode> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken);
        return await inner.GetAsync(path, cancellationToken);
    }

    public async Task<TopoVersion> UpdateAsync(string path, ReadOnlyMemory<byte> data, TopoVersion? expectedVersion, CancellationToken cancellationToken = default)
    {
        await Task.Delay(2, cancellationToken);
        return await inner.UpdateAsync(path, data, expectedVersion, cancellationToken);
    }

    public Task DeleteAsync(string path, TopoVersion? expectedVersion, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(path, expectedVersion, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string dirPath, CancellationToken cancellationToken = default) =>
        inner.ListAsync(dirPath, cancellationToken);

    public Task<ITopoLock> LockAsync(string path, string purpose, TimeSpan timeout, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        inner.LockAsync(path, purpose, timeout, ttl, cancellationToken);

    public Task<TopoWatch> WatchAsync(string path, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(path, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
