namespace Tessera.Protocol.Auth;

/// Where the server finds who may connect. The server does the protocol's crypto; an authenticator
/// only looks users up.
public interface IMySqlAuthenticator
{
    /// True when any user and any password are accepted (local development).
    bool AllowsAnyone { get; }

    /// The credentials of a user, or null when the user is unknown.
    MySqlUserCredentials? FindUser(string user);
}
