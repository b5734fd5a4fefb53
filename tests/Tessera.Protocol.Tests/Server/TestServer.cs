using Tessera.Protocol.Server;

namespace Tessera.Protocol.Tests.Server;

/// A started MySqlServer with the canned handler, stopped on dispose.
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(MySqlServer server, CannedHandler handler, List<MySqlServerEvent> events)
    {
        Server = server;
        Handler = handler;
        Events = events;
    }

    public MySqlServer Server { get; }
    public CannedHandler Handler { get; }
    public List<MySqlServerEvent> Events { get; }
    public int Port => Server.Port;

    public static TestServer Start(MySqlServerOptions? options = null)
    {
        var handler = new CannedHandler();
        var events = new List<MySqlServerEvent>();
        var server = new MySqlServer(options ?? new MySqlServerOptions(), handler)
        {
            Log = e =>
            {
                lock (events) events.Add(e);
            },
        };
        server.Start();
        return new TestServer(server, handler, events);
    }

    public string ConnectionString(string user = "root", string password = "", string extra = "") =>
        $"Server=127.0.0.1;Port={Port};User ID={user};Password={password};SslMode=None;Pooling=false;{extra}";

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
