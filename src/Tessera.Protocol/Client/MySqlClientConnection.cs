using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Tessera.Protocol.Auth;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Client;

/// A MySQL protocol client connection (what tablets and the binlog reader use to talk to MariaDB).
/// One command at a time: a result must be read to its end (or disposed) before the next command.
public sealed class MySqlClientConnection : IAsyncDisposable
{
    private const CapabilityFlags Wanted =
        CapabilityFlags.LongPassword | CapabilityFlags.LongFlag | CapabilityFlags.Protocol41 | CapabilityFlags.SecureConnection |
        CapabilityFlags.Transactions | CapabilityFlags.MultiStatements | CapabilityFlags.MultiResults | CapabilityFlags.PsMultiResults |
        CapabilityFlags.PluginAuth | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.ConnectAttrs |
        CapabilityFlags.DeprecateEof | CapabilityFlags.SessionTrack;

    private readonly PacketChannel channel;
    private readonly MySqlClientOptions options;
    private MySqlResultReader? activeReader;
    private bool isSecure;
    private ReadTimeoutStream? readTimeout;

    private MySqlClientConnection(PacketChannel channel, MySqlClientOptions options)
    {
        this.channel = channel;
        this.options = options;
    }

    public HandshakeV10 ServerHandshake { get; private set; } = null!;
    public CapabilityFlags Capabilities { get; private set; }
    public uint ConnectionId => ServerHandshake.ConnectionId;
    public string ServerVersion => ServerHandshake.ServerVersion;
    /// Status flags of the last OK/EOF (autocommit, in transaction…).
    public ServerStatus Status { get; internal set; }
    public bool IsTls => channel.Stream is SslStream;

    internal PacketChannel Channel => channel;

    /// The per-read timeout (see MySqlClientOptions.ReadTimeout), changeable between commands, e.g.
    /// to a statement's own deadline. Only for connections opened with a ReadTimeout.
    public TimeSpan ReadTimeout
    {
        get => readTimeout?.Timeout ?? TimeSpan.Zero;
        set
        {
            if (readTimeout is null) throw new InvalidOperationException("this connection was opened without MySqlClientOptions.ReadTimeout");
            readTimeout.Timeout = value;
        }
    }

    /// True once a read timed out (the connection is closed and unusable).
    public bool ReadTimedOut => readTimeout?.TimedOut ?? false;

    public static async Task<MySqlClientConnection> ConnectAsync(MySqlClientOptions options, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        Socket socket;
        if (options.UnixSocket is { } path)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token).ConfigureAwait(false);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
        }
        Stream stream = new DualModeSocketStream(socket);
        if (options.ReadTimeout is { } readTimeout) stream = new ReadTimeoutStream(stream, readTimeout);
        var connection = new MySqlClientConnection(new PacketChannel(stream), options)
        {
            isSecure = options.UnixSocket is not null,
            readTimeout = stream as ReadTimeoutStream,
        };
        try
        {
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        channel.ResetSequence();
        var greeting = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfError(greeting.Span);
        ServerHandshake = HandshakeV10.Create(greeting.Span);
        Status = ServerHandshake.Status;

        var capabilities = Wanted & ServerHandshake.Capabilities;
        if (options.Database is not null) capabilities |= CapabilityFlags.ConnectWithDb & ServerHandshake.Capabilities;
        if ((capabilities & CapabilityFlags.Protocol41) == 0)
            throw new MySqlProtocolException(ProtocolErrors.HandshakeError("server does not speak protocol 4.1"));
        if (options.UseTls)
        {
            if ((ServerHandshake.Capabilities & CapabilityFlags.Ssl) == 0)
                throw new MySqlProtocolException(ProtocolErrors.HandshakeError("TLS requested but the server does not offer it"));
            capabilities |= CapabilityFlags.Ssl;
        }
        Capabilities = capabilities;

        var plugin = options.InitialAuthPlugin ?? ServerHandshake.AuthPluginName;
        var nonce = ServerHandshake.AuthPluginData;
        var response = new HandshakeResponse41
        {
            Capabilities = capabilities,
            MaxPacketSize = (uint)options.MaxPacketSize,
            User = options.User,
            Database = options.Database,
            AuthPluginName = IsKnownPlugin(plugin) ? plugin : AuthPluginNames.NativePassword,
            AuthResponse = Scramble(IsKnownPlugin(plugin) ? plugin : AuthPluginNames.NativePassword, nonce),
            Attributes = options.Attributes ?? new Dictionary<string, string> { ["_client_name"] = "tessera" },
        };
        if (options.UseTls)
        {
            channel.Writer.BeginPacket();
            response.WriteSslRequest(channel.Writer);
            channel.Writer.EndPacket();
            await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
            var ssl = new SslStream(channel.Stream, leaveInnerStreamOpen: false, options.ServerCertificateValidation ?? ((_, _, _, _) => true));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, cancellationToken).ConfigureAwait(false);
            channel.UpgradeStream(ssl);
            isSecure = true;
        }
        channel.Writer.BeginPacket();
        response.Write(channel.Writer);
        channel.Writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        plugin = response.AuthPluginName!;

        while (true)
        {
            var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            var span = payload.Span;
            if (span.Length == 0) throw new MySqlProtocolException(ProtocolErrors.MalformedPacket("empty packet during authentication"));
            switch (span[0])
            {
                case 0x00:
                    Status = OkPayload.Create(span, Capabilities).Status;
                    return;
                case 0xFF:
                    throw new MySqlErrorException(ErrorPayload.Create(span));
                case 0xFE:
                    var authSwitch = AuthSwitchRequest.Create(span);
                    if (!IsKnownPlugin(authSwitch.PluginName) && authSwitch.PluginName != AuthPluginNames.ClearPassword)
                        throw new MySqlErrorException(ProtocolErrors.NotSupportedAuthMode(authSwitch.PluginName));
                    plugin = authSwitch.PluginName;
                    nonce = authSwitch.PluginData;
                    var proof = plugin == AuthPluginNames.ClearPassword ? Encoding.UTF8.GetBytes(options.Password + "\0") : Scramble(plugin, nonce);
                    await channel.WritePacketAsync(proof, cancellationToken).ConfigureAwait(false);
                    break;
                case 0x01 when plugin == AuthPluginNames.CachingSha2Password:
                    await ContinueCachingSha2Async(span.Length == 2 ? span[1] : (byte)0, nonce, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new MySqlProtocolException(ProtocolErrors.MalformedPacket($"unexpected 0x{span[0]:X2} during authentication"));
            }
        }
    }

    /// caching_sha2_password after the scramble: 0x03 = fast auth done (OK follows); 0x04 = full auth:
    /// the password in clear over TLS/unix socket, else RSA-encrypted with the server's public key.
    private async Task ContinueCachingSha2Async(byte state, byte[] nonce, CancellationToken cancellationToken)
    {
        if (state == 0x03) return;
        if (state == 0x04)
        {
            if (isSecure)
            {
                await channel.WritePacketAsync(Encoding.UTF8.GetBytes(options.Password + "\0"), cancellationToken).ConfigureAwait(false);
                return;
            }
            if (!options.AllowPublicKeyRetrieval)
                throw new MySqlErrorException(ProtocolErrors.Unknown("caching_sha2_password full authentication needs TLS or AllowPublicKeyRetrieval"));
            await channel.WritePacketAsync([0x02], cancellationToken).ConfigureAwait(false);
            var keyPacket = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfError(keyPacket.Span);
            var pem = Encoding.ASCII.GetString(keyPacket.Span[1..]);
            await channel.WritePacketAsync(AuthScramble.RsaEncryptPassword(options.Password, nonce, pem), cancellationToken).ConfigureAwait(false);
            return;
        }
        throw new MySqlProtocolException(ProtocolErrors.MalformedPacket("unexpected caching_sha2_password state"));
    }

    private static bool IsKnownPlugin(string plugin) => plugin is AuthPluginNames.NativePassword or AuthPluginNames.CachingSha2Password;

    private byte[] Scramble(string plugin, byte[] nonce) => plugin == AuthPluginNames.CachingSha2Password
        ? AuthScramble.CachingSha2Password(options.Password, nonce)
        : AuthScramble.NativePassword(options.Password, nonce);

    internal static void ThrowIfError(ReadOnlySpan<byte> payload)
    {
        if (ErrorPayload.IsError(payload)) throw new MySqlErrorException(ErrorPayload.Create(payload));
    }

    /// Runs a text query (COM_QUERY) and returns a reader positioned on its first result.
    public async Task<MySqlResultReader> QueryAsync(string sql, CancellationToken cancellationToken = default)
    {
        await SendCommandAsync(CommandKind.Query, sql, cancellationToken).ConfigureAwait(false);
        var reader = new MySqlResultReader(this, binary: false);
        activeReader = reader;
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// Runs statements whose results are not needed; returns the last OK (affected rows, last insert id).
    public async Task<OkPayload> ExecuteAsync(string sql, CancellationToken cancellationToken = default)
    {
        await using var reader = await QueryAsync(sql, cancellationToken).ConfigureAwait(false);
        return await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await SendCommandAsync(CommandKind.Ping, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        await ReadOkAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task InitDbAsync(string database, CancellationToken cancellationToken = default)
    {
        await SendCommandAsync(CommandKind.InitDb, database, cancellationToken).ConfigureAwait(false);
        await ReadOkAsync(cancellationToken).ConfigureAwait(false);
    }

    internal async Task<OkPayload> ReadOkAsync(CancellationToken cancellationToken)
    {
        var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfError(payload.Span);
        var ok = OkPayload.Create(payload.Span, Capabilities);
        Status = ok.Status;
        return ok;
    }

    /// COM_STMT_PREPARE (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html).
    public async Task<ClientPreparedStatement> PrepareAsync(string sql, CancellationToken cancellationToken = default)
    {
        await SendCommandAsync(CommandKind.StatementPrepare, sql, cancellationToken).ConfigureAwait(false);
        var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfError(payload.Span);
        var (id, columnCount, parameterCount) = ParsePrepareOk(payload.Span);
        var deprecateEof = (Capabilities & CapabilityFlags.DeprecateEof) != 0;
        for (var i = 0; i < parameterCount; i++) await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        if (parameterCount > 0 && !deprecateEof) await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        var columns = new ColumnDefinition[columnCount];
        for (var i = 0; i < columnCount; i++)
            columns[i] = ColumnDefinition.Create((await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false)).Span);
        if (columnCount > 0 && !deprecateEof) await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
        return new ClientPreparedStatement(id, parameterCount, columns);
    }

    private static (uint Id, int Columns, int Parameters) ParsePrepareOk(ReadOnlySpan<byte> payload)
    {
        var reader = new Serialization.PayloadReader(payload);
        if (reader.ReadByte() != 0) MySqlProtocolException.ThrowMalformed("COM_STMT_PREPARE_OK header");
        return (reader.ReadUInt32(), reader.ReadUInt16(), reader.ReadUInt16());
    }

    /// COM_STMT_EXECUTE with the parameters' types always sent (new-params-bound = 1); rows come back binary.
    public async Task<MySqlResultReader> ExecuteAsync(ClientPreparedStatement statement, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default)
    {
        if (parameters.Count != statement.ParameterCount)
            throw new ArgumentException($"statement takes {statement.ParameterCount} parameters, {parameters.Count} given", nameof(parameters));
        await FinishActiveReaderAsync(cancellationToken).ConfigureAwait(false);
        channel.ResetSequence();
        var writer = channel.Writer;
        writer.BeginPacket();
        writer.WriteByte((byte)CommandKind.StatementExecute);
        writer.WriteUInt32(statement.Id);
        writer.WriteByte(0); // no cursor
        writer.WriteUInt32(1);
        if (parameters.Count > 0)
        {
            var bitmapAt = writer.Reserve((parameters.Count + 7) / 8);
            writer.WriteByte(1);
            var typesAt = writer.Reserve(parameters.Count * 2);
            for (var i = 0; i < parameters.Count; i++)
            {
                var (type, unsigned) = Serialization.BinaryValue.WriteParameter(parameters[i], writer);
                if (type == ColumnType.Null) writer.Patch(bitmapAt + i / 8, 1)[0] |= (byte)(1 << (i % 8));
                var typeBytes = writer.Patch(typesAt + i * 2, 2);
                typeBytes[0] = (byte)type;
                typeBytes[1] = unsigned ? (byte)0x80 : (byte)0;
            }
        }
        writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        var reader = new MySqlResultReader(this, binary: true);
        activeReader = reader;
        await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        return reader;
    }

    /// COM_STMT_CLOSE: the server sends no answer.
    public async Task CloseStatementAsync(ClientPreparedStatement statement, CancellationToken cancellationToken = default)
    {
        var id = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(id, statement.Id);
        await SendCommandAsync(CommandKind.StatementClose, id, cancellationToken).ConfigureAwait(false);
    }

    // Low-level API (binlog reader): send any command, then read raw packets.

    /// Starts a new command: resets the sequence id and sends the command byte and its payload as one packet.
    public async ValueTask SendCommandAsync(CommandKind command, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        await FinishActiveReaderAsync(cancellationToken).ConfigureAwait(false);
        channel.ResetSequence();
        channel.Writer.BeginPacket();
        channel.Writer.WriteByte((byte)command);
        channel.Writer.Write(payload.Span);
        channel.Writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask SendCommandAsync(CommandKind command, string text, CancellationToken cancellationToken)
    {
        await FinishActiveReaderAsync(cancellationToken).ConfigureAwait(false);
        channel.ResetSequence();
        channel.Writer.BeginPacket();
        channel.Writer.WriteByte((byte)command);
        channel.Writer.WriteString(text);
        channel.Writer.EndPacket();
        await channel.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// Reads the next packet of the current command. The payload is valid until the next read.
    public ValueTask<ReadOnlyMemory<byte>> ReadPacketAsync(CancellationToken cancellationToken = default) =>
        channel.ReadPayloadAsync(cancellationToken);

    /// Reads packets until the stream ends or an EOF/ERR packet: for COM_BINLOG_DUMP, each item is an
    /// event packet (0x00 then the event); ERR throws MySqlErrorException. Each item is valid until the next.
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadPacketsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var payload = await channel.ReadPayloadAsync(cancellationToken).ConfigureAwait(false);
            ThrowIfError(payload.Span);
            if (EofPayload.IsEof(payload.Span)) yield break;
            yield return payload;
        }
    }

    private async ValueTask FinishActiveReaderAsync(CancellationToken cancellationToken)
    {
        if (activeReader is { } reader)
        {
            activeReader = null;
            await reader.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal void ReaderFinished(MySqlResultReader reader)
    {
        if (ReferenceEquals(activeReader, reader)) activeReader = null;
    }

    internal void SetActiveReader(MySqlResultReader reader) => activeReader = reader;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (channel.Stream.CanWrite && activeReader is null)
            {
                channel.ResetSequence();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await channel.WritePacketAsync([(byte)CommandKind.Quit], cts.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The peer is already gone: nothing to say goodbye to.
        }
        await channel.DisposeAsync().ConfigureAwait(false);
    }
}
