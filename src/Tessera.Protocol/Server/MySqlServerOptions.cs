using System.Net;
using System.Security.Cryptography.X509Certificates;
using Tessera.Protocol.Auth;
using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Server;

public sealed record MySqlServerOptions
{
    /// Where to listen; port 0 picks a free one (read MySqlServer.Port after start).
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);
    /// Also listen on this unix socket when set.
    public string? UnixSocket { get; init; }
    /// Reported in the handshake; clients gate features on the leading "8.0".
    public string ServerVersion { get; init; } = "8.0.40-Tessera";
    public IMySqlAuthenticator Authenticator { get; init; } = NoAuthenticator.Instance;
    /// The plugin announced in the handshake; a client using the other one is switched to it.
    public string DefaultAuthPlugin { get; init; } = AuthPluginNames.NativePassword;
    /// caching_sha2_password: always take the full path (for testing clients' full path).
    public bool CachingSha2AlwaysFullAuth { get; init; }
    public X509Certificate2? Certificate { get; init; }
    public bool RequireTls { get; init; }
    /// A client must finish connecting and authenticating within this time.
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// One thread per connection doing blocking reads and writes (MariaDB's default
    /// thread_handling) instead of async I/O on the thread pool: fewer hand-offs and syscalls per
    /// command, at the cost of a thread per client. Handlers may still await; the connection's
    /// thread then waits for them.
    public bool ThreadPerConnection { get; init; }
    /// The largest packet a client may send (max_allowed_packet).
    public int MaxPacketSize { get; init; } = 64 * 1024 * 1024;
}
