namespace Tessera.Protocol.Auth;

/// What a server needs to check a user's proofs without keeping the password itself:
/// SHA1(SHA1(pw)) for mysql_native_password, SHA256(SHA256(pw)) for caching_sha2_password's fast path.
/// An empty password is represented by empty hashes (clients then send an empty proof).
public sealed record MySqlUserCredentials(string User, byte[]? NativePasswordHash, byte[]? CachingSha2Hash, string? UserData = null)
{
    public bool HasPassword => NativePasswordHash is { Length: > 0 } || CachingSha2Hash is { Length: > 0 };

    public static MySqlUserCredentials FromPassword(string user, string password, string? userData = null) =>
        password.Length == 0
            ? new MySqlUserCredentials(user, [], [], userData)
            : new MySqlUserCredentials(user, AuthScramble.NativePasswordHash(password), AuthScramble.CachingSha2Hash(password), userData);
}
