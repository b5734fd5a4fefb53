using System.Net.Security;

namespace Tessera.Protocol.Client;

public sealed record MySqlClientOptions
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 3306;
    /// When set, connects to this unix socket instead of Host:Port.
    public string? UnixSocket { get; init; }
    public string User { get; init; } = "root";
    public string Password { get; init; } = "";
    public string? Database { get; init; }
    public bool UseTls { get; init; }
    /// Certificate check for TLS; null accepts any certificate (test servers use self-signed ones).
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }
    /// caching_sha2_password full auth without TLS: ask the server for its RSA public key.
    public bool AllowPublicKeyRetrieval { get; init; }
    /// The plugin of the first auth answer when it should differ from the server's default
    /// (the server then switches the client to its own); null follows the server.
    public string? InitialAuthPlugin { get; init; }
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// How long one read may wait for the server's next bytes before the connection is closed
    /// with an IOException (a hung server); null waits forever (the binlog stream idles for long).
    /// Adjustable per command through MySqlClientConnection.ReadTimeout.
    public TimeSpan? ReadTimeout { get; init; }
    public int MaxPacketSize { get; init; } = 1 << 30;
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
