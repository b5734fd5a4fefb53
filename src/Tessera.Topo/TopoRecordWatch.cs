using System.Runtime.CompilerServices;
using Tessera.Topo.Backend;

namespace Tessera.Topo;

// A watch on one record, decoded: the value when the watch began and each later value; a
// default (null) value means the record was deleted, after which the stream ends. Gates use it
// to follow SrvKeyspace and SrvVSchema (Vitess's WatchSrvKeyspace / WatchSrvVSchema).
public sealed class TopoRecordWatch<T> : IAsyncDisposable
    where T : class
{
    private readonly TopoWatch _watch;
    private readonly Func<TopoNode, T> _decode;

    internal TopoRecordWatch(TopoWatch watch, Func<TopoNode, T> decode)
    {
        _watch = watch;
        _decode = decode;
        Current = decode(watch.Current);
    }

    public T Current { get; }

    public async IAsyncEnumerable<T?> ChangesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var e in _watch.Changes.WithCancellation(cancellationToken))
        {
            if (e.Node is null)
            {
                yield return null;
                yield break;
            }
            yield return _decode(e.Node);
        }
    }

    public ValueTask DisposeAsync() => _watch.DisposeAsync();
}
