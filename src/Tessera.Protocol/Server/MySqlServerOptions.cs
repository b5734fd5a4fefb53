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
    /// The largest packet a client may send (max_allowed_packet).
    public int MaxPacketSize { get; init; } = 64 * 1024 * 1024;
}
