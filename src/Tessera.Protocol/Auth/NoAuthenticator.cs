namespace Tessera.Protocol.Auth;

/// Accepts everyone, as Vitess's `-mysql_auth_server_impl none`.
public sealed class NoAuthenticator : IMySqlAuthenticator
{
    public static NoAuthenticator Instance { get; } = new();

    public bool AllowsAnyone => true;

    public MySqlUserCredentials? FindUser(string user) => null;
}
