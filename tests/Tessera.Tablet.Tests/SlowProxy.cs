using System.Net;
using System.Net.Sockets;

namespace Tessera.Tablet.Tests;

// A TCP proxy to a real server that holds each new connection for `delay` before connecting it
// through: a replication source that takes its time to answer, so "START SLAVE returned but the IO
// thread is still connecting" is a moment a test can count on.
internal sealed class SlowProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> clients = [];
    private readonly Task accepting;

    private SlowProxy(int targetPort, TimeSpan delay)
    {
        listener.Start();
        accepting = AcceptAsync(targetPort, delay);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static SlowProxy Start(int targetPort, TimeSpan delay) => new(targetPort, delay);

    private async Task AcceptAsync(int targetPort, TimeSpan delay)
    {
        try
        {
            while (true)
            {
                var inbound = await listener.AcceptTcpClientAsync(stop.Token);
                lock (clients) clients.Add(inbound);
                _ = PumpAsync(inbound, targetPort, delay);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(TcpClient inbound, int targetPort, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, stop.Token);
            var outbound = new TcpClient();
            lock (clients) clients.Add(outbound);
            await outbound.ConnectAsync(IPAddress.Loopback, targetPort, stop.Token);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, stop.Token), b.CopyToAsync(a, stop.Token));
            inbound.Close();
            outbound.Close();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            inbound.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        lock (clients)
        {
            foreach (var client in clients) client.Close();
        }
        stop.Dispose();
    }
}
