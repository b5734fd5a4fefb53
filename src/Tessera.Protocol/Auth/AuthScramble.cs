using System.Security.Cryptography;
using System.Text;

namespace Tessera.Protocol.Auth;

/// The password proofs of the two auth plugins; used by the client to answer and by the server to check.
/// mysql_native_password: SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw)))
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html).
/// caching_sha2_password: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce)
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html).
public static class AuthScramble
{
    /// The nonce is 20 bytes; some servers append a NUL which is not part of it.
    private static ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> nonce) => nonce.Length > 20 ? nonce[..20] : nonce;

    public static byte[] NativePassword(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0) return [];
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);
        return Xor(stage1, SHA1.HashData([.. Nonce(nonce), .. stage2]));
    }

    /// SHA1(SHA1(pw)): what a server stores (MariaDB shows it as '*' + hex in mysql.user).
    public static byte[] NativePasswordHash(string password) => SHA1.HashData(SHA1.HashData(Encoding.UTF8.GetBytes(password)));

    /// Checks a native-password proof against the stored SHA1(SHA1(pw)).
    public static bool VerifyNativePassword(ReadOnlySpan<byte> proof, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> storedHash)
    {
        if (proof.Length != 20 || storedHash.Length != 20) return false;
        var mask = SHA1.HashData([.. Nonce(nonce), .. storedHash]);
        Span<byte> stage1 = stackalloc byte[20];
        for (var i = 0; i < 20; i++) stage1[i] = (byte)(proof[i] ^ mask[i]);
        return CryptographicOperations.FixedTimeEquals(SHA1.HashData(stage1), storedHash);
    }

    public static byte[] CachingSha2Password(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0) return [];
        var stage1 = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA256.HashData(stage1);
        return Xor(stage1, SHA256.HashData([.. stage2, .. Nonce(nonce)]));
    }

    /// SHA256(SHA256(pw)): the fast-path cache entry of caching_sha2_password.
    public static byte[] CachingSha2Hash(string password) => SHA256.HashData(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    public static bool VerifyCachingSha2Password(ReadOnlySpan<byte> proof, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> cachedHash)
    {
        if (proof.Length != 32 || cachedHash.Length != 32) return false;
        var mask = SHA256.HashData([.. cachedHash, .. Nonce(nonce)]);
        Span<byte> stage1 = stackalloc byte[32];
        for (var i = 0; i < 32; i++) stage1[i] = (byte)(proof[i] ^ mask[i]);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(stage1), cachedHash);
    }

    /// caching_sha2 full auth over RSA: (password + NUL) XOR nonce, encrypted with the server's key (OAEP/SHA1).
    public static byte[] RsaEncryptPassword(string password, ReadOnlySpan<byte> nonce, string publicKeyPem)
    {
        var plain = Encoding.UTF8.GetBytes(password + "\0");
        var n = Nonce(nonce);
        for (var i = 0; i < plain.Length; i++) plain[i] ^= n[i % n.Length];
        using var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }

    public static byte[] NewNonce()
    {
        // Printable, non-NUL bytes: some clients treat the nonce as a C string.
        var nonce = new byte[20];
        RandomNumberGenerator.Fill(nonce);
        for (var i = 0; i < nonce.Length; i++) nonce[i] = (byte)(nonce[i] % 94 + 33);
        return nonce;
    }

    private static byte[] Xor(byte[] a, byte[] b)
    {
        for (var i = 0; i < a.Length; i++) a[i] ^= b[i];
        return a;
    }
}
