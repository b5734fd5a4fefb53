using System.Threading.Channels;
using Tessera.Topo.Backend;

namespace Tessera.Topo.File;

public sealed partial class FileTopo
{
    // Polls the node file: portable, survives the writer being another process, and needs no
    // inotify budget. A change is seen within WatchPollInterval.
    public Task<TopoWatch> WatchAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = DataPath(path);
        var current = TryRead(file) ?? throw new TopoException(TopoErrorCode.NoNode, path);
        var channel = Channel.CreateUnbounded<TopoWatchEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var stop = new CancellationTokenSource();
        var poller = Task.Run(() => PollAsync(file, current.Version, channel.Writer, stop.Token), CancellationToken.None);
        return Task.FromResult(new TopoWatch(current, channel.Reader.ReadAllAsync(), async () =>
        {
            await stop.CancelAsync();
            await poller;
            stop.Dispose();
        }));
    }

    private async Task PollAsync(string file, TopoVersion seen, ChannelWriter<TopoWatchEvent> writer, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(WatchPollInterval, stop);
                var node = TryRead(file);
                if (node is null)
                {
                    writer.TryWrite(new TopoWatchEvent(null));
                    return;
                }
                if (node.Version != seen)
                {
                    seen = node.Version;
                    writer.TryWrite(new TopoWatchEvent(node));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or TopoException)
        {
            writer.TryComplete(e);
            return;
        }
        finally
        {
            writer.TryComplete();
        }
    }
}
