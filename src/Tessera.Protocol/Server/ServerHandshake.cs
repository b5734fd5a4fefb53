using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using Tessera.Protocol.Auth;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Server;

/// The connection phase on the server side: greeting, optional TLS upgrade, authentication with
/// mysql_native_password or caching_sha2_password (switching the client to the server's plugin).
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html)
internal sealed class ServerHandshake(PacketChannel channel, MySqlSession session, MySqlServerOptions options, RSA? rsaKey)
{
    internal const CapabilityFlags Offered =
        CapabilityFlags.LongPassword | CapabilityFlags.FoundRows | CapabilityFlags.LongFlag | CapabilityFlags.ConnectWithDb |
        CapabilityFlags.NoSchema | CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection |
        CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PsMultiResults | CapabilityFlags.PluginAuth |
        CapabilityFlags.ConnectAttrs | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.DeprecateEof | CapabilityFlags.SessionTrack |
        CapabilityFlags.IgnoreSpace | CapabilityFlags.Interactive;

    /// Returns the client's handshake response once the user is authenticated; throws
    /// MySqlErrorException (to be sent, then close) when access is denied.
    public async Task<HandshakeResponse41> RunAsync(CancellationToken cancellationToken)
    {
        var nonce = AuthScramble.NewNonce();
        var offered = Offered | (options.Certificate is not null ? CapabilityFlags.Ssl : CapabilityFlags.None);
        channel.ResetSequence();
        channel.Writer.BeginPacket();
        new HandshakeV10
        {
            ServerVersion = options.ServerVersion,
            ConnectionId = session.ConnectionId,
            AuthPluginData = nonce,
            Capabilities = offered,
            CharacterSet = (byte)Collations.Utf8mb4GeneralCi,
            Status = ServerStatus.Autocommit,
            AuthPluginName = options.DefaultAuthPlugin,
        }.Write(channel.Writer);
        channel.Writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);

        var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (HandshakeResponse41.IsSslRequest(payload.Span))
        {
            if (options.Certificate is null) throw new MySqlErrorException(ProtocolErrors.HandshakeError("TLS is not configured on this server"));
            var ssl = new SslStream(channel.DetachForUpgrade(), leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = options.Certificate }, cancellationToken).ConfigureAwait(false);
            channel.UpgradeStream(ssl);
            session.IsTls = true;
            payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        }
        var response = HandshakeResponse41.Create(payload.Span);
        if (options.RequireTls && !session.IsTls) throw new MySqlErrorException(ProtocolErrors.SecureTransportRequired());
        session.Capabilities = response.Capabilities & offered;
        session.CharacterSet = response.CharacterSet;
        session.User = response.User;
        session.MultiStatements = (session.Capabilities & CapabilityFlags.MultiStatements) != 0;
        session.Attributes = response.Attributes ?? new Dictionary<string, string>();

        var clientPlugin = (response.Capabilities & CapabilityFlags.PluginAuth) != 0 ? response.AuthPluginName ?? "" : AuthPluginNames.NativePassword;
        var proof = response.AuthResponse;
        var plugin = options.DefaultAuthPlugin;
        if (clientPlugin != plugin)
        {
            // Auth switch: ask the client to answer with the server's plugin (fresh nonce).
            nonce = AuthScramble.NewNonce();
            channel.Writer.BeginPacket();
            new AuthSwitchRequest(plugin, nonce).Write(channel.Writer);
            channel.Writer.EndPacket();
            await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
            proof = (await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        }

        if (options.Authenticator.AllowsAnyone)
        {
            if (plugin == AuthPluginNames.CachingSha2Password) await SendFastAuthOkAsync(cancellationToken).ConfigureAwait(false);
            return Authenticated(response);
        }
        var user = options.Authenticator.FindUser(response.User);
        var host = (session.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "localhost";
        var denied = new MySqlErrorException(ProtocolErrors.AccessDenied(response.User, host, proof.Length > 0));
        if (user is null) throw denied;
        session.UserData = user.UserData;
        if (plugin == AuthPluginNames.NativePassword)
        {
            if (!CheckNative(user, nonce, proof)) throw denied;
            return Authenticated(response);
        }

        // caching_sha2_password: the fast path checks the scramble against SHA256(SHA256(pw)).
        if (!options.CachingSha2AlwaysFullAuth && user.CachingSha2Hash is not null && (proof.Length > 0 || !user.HasPassword))
        {
            if (!(proof.Length == 0 ? !user.HasPassword : AuthScramble.VerifyCachingSha2Password(proof, nonce, user.CachingSha2Hash))) throw denied;
            await SendFastAuthOkAsync(cancellationToken).ConfigureAwait(false);
            return Authenticated(response);
        }
        var password = await FullAuthAsync(nonce, cancellationToken).ConfigureAwait(false);
        var ok = password.Length == 0
            ? !user.HasPassword
            : user.CachingSha2Hash is { } cache ? CryptographicOperations.FixedTimeEquals(AuthScramble.CachingSha2Hash(password), cache)
            : user.NativePasswordHash is { } native && CryptographicOperations.FixedTimeEquals(AuthScramble.NativePasswordHash(password), native);
        if (!ok) throw denied;
        return Authenticated(response);
    }

    private HandshakeResponse41 Authenticated(HandshakeResponse41 response)
    {
        channel.MaxPacketSize = options.MaxPacketSize;
        return response;
    }

    private static bool CheckNative(MySqlUserCredentials user, byte[] nonce, byte[] proof)
    {
        if (!user.HasPassword) return proof.Length == 0;
        return user.NativePasswordHash is { Length: 20 } hash && AuthScramble.VerifyNativePassword(proof, nonce, hash);
    }

    private async Task SendFastAuthOkAsync(CancellationToken cancellationToken)
    {
        // AuthMoreData 0x03: fast authentication succeeded; the OK follows.
        await channel.WritePacketAsync([0x01, 0x03], cancellationToken).ConfigureAwait(false);
    }

    /// caching_sha2 full authentication: the client sends its password in clear over TLS, or asks
    /// for the RSA public key (0x02) and sends it encrypted.
    private async Task<string> FullAuthAsync(byte[] nonce, CancellationToken cancellationToken)
    {
        await channel.WritePacketAsync([0x01, 0x04], cancellationToken).ConfigureAwait(false);
        var answer = (await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        if (session.IsTls) return Encoding.UTF8.GetString(answer.AsSpan().TrimEnd((byte)0));
        if (answer is not [0x02] || rsaKey is null)
            throw new MySqlErrorException(ProtocolErrors.HandshakeError("caching_sha2_password full authentication needs TLS or a public key request"));
        channel.Writer.BeginPacket();
        channel.Writer.WriteByte(0x01);
        channel.Writer.WriteString(rsaKey.ExportSubjectPublicKeyInfoPem());
        channel.Writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        var encrypted = (await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        byte[] plain;
        try
        {
            plain = rsaKey.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
        }
        catch (CryptographicException)
        {
            throw new MySqlErrorException(ProtocolErrors.HandshakeError("password could not be decrypted"));
        }
        for (var i = 0; i < plain.Length; i++) plain[i] ^= nonce[i % nonce.Length];
        return Encoding.UTF8.GetString(plain.AsSpan().TrimEnd((byte)0));
    }
}
