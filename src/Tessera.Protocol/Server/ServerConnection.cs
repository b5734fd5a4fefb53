using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Server;

/// One client connection: the handshake, then the command loop
/// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html).
/// Errors in tiers: a handler's MySqlErrorException answers ERR and the session continues; bad bytes
/// (MySqlProtocolException), a timeout or an unknown command answer ERR where possible and close
/// this connection only; any other handler exception answers ER_UNKNOWN_ERROR and is logged.
internal sealed class ServerConnection(Socket socket, uint connectionId, MySqlServerOptions options, IMySqlHandler handler, RSA? rsaKey, Action<MySqlServerEvent>? log)
{
    private readonly MySqlSession session = new(connectionId, socket.RemoteEndPoint);
    private readonly Dictionary<uint, PreparedStatement> statements = [];
    private uint nextStatementId;

    public async Task RunAsync(CancellationToken stopping)
    {
        if (socket.AddressFamily != AddressFamily.Unix) socket.NoDelay = true;
        // Until the user is known, packets stay small: an unauthenticated peer cannot make us buffer megabytes.
        Stream stream = options.ThreadPerConnection ? new BlockingSocketStream(socket) : new NetworkStream(socket, ownsSocket: true);
        // A blocking read does not see the handshake's cancellation; the socket's own timeout stops it.
        if (options.ThreadPerConnection) socket.ReceiveTimeout = (int)Math.Min(int.MaxValue, options.HandshakeTimeout.TotalMilliseconds);
        var channel = new PacketChannel(stream) { MaxPacketSize = 64 * 1024 };
        var connected = false;
        try
        {
            using (var handshakeTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                handshakeTimeout.CancelAfter(options.HandshakeTimeout);
                try
                {
                    var response = await new ServerHandshake(channel, session, options, rsaKey).RunAsync(handshakeTimeout.Token).ConfigureAwait(false);
                    if (response.Database is { } database)
                        await handler.InitDbAsync(session, database, handshakeTimeout.Token).ConfigureAwait(false);
                    await handler.OnConnectedAsync(session, handshakeTimeout.Token).ConfigureAwait(false);
                    connected = true;
                    channel.Writer.BeginPacket();
                    new OkPayload(0, 0, session.Status, 0).Write(channel.Writer, session.Capabilities);
                    channel.Writer.EndPacket();
                    await channel.FlushAsync(handshakeTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    await TrySendErrorAsync(channel, ProtocolErrors.ReadTimeout("the handshake")).ConfigureAwait(false);
                    return;
                }
                catch (MySqlErrorException e)
                {
                    await TrySendErrorAsync(channel, e.Error).ConfigureAwait(false);
                    return;
                }
            }
            if (options.ThreadPerConnection)
            {
                socket.ReceiveTimeout = 0;
                CommandLoopBlocking(channel, stopping);
            }
            else
            {
                await CommandLoopAsync(channel, stopping).ConfigureAwait(false);
            }
        }
        catch (MySqlProtocolException e)
        {
            Log(MySqlServerEventKind.ProtocolError, e.Error.ToString(), null);
            await TrySendErrorAsync(channel, e.Error).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException or ObjectDisposedException or OperationCanceledException
                                      or System.Security.Authentication.AuthenticationException)
        {
            Log(MySqlServerEventKind.Closed, e.Message, null);
        }
        catch (Exception e)
        {
            Log(MySqlServerEventKind.Bug, "unexpected failure", e);
        }
        finally
        {
            if (connected)
            {
                try
                {
                    handler.OnDisconnected(session);
                }
                catch (Exception e)
                {
                    Log(MySqlServerEventKind.HandlerFailed, "OnDisconnected failed", e);
                }
            }
            await channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Log(MySqlServerEventKind kind, string message, Exception? exception) =>
        log?.Invoke(new MySqlServerEvent(kind, connectionId, message, exception));

    private static async Task TrySendErrorAsync(PacketChannel channel, MySqlError error)
    {
        try
        {
            channel.Writer.Reset();
            channel.Writer.BeginPacket();
            ErrorPayload.Write(channel.Writer, error);
            channel.Writer.EndPacket();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await channel.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The peer is gone; closing is all that is left.
        }
    }

    private async Task CommandLoopAsync(PacketChannel channel, CancellationToken stopping)
    {
        var result = new MySqlResultWriter(channel, session);
        while (true)
        {
            channel.ResetSequence();
            var payload = await channel.ReadPayloadAsync(stopping).ConfigureAwait(false);
            if (!await ExecuteCommandAsync(channel, result, payload, stopping).ConfigureAwait(false)) return;
        }
    }

    // Thread-per-connection: the owning thread reads every command itself (the blocking stream
    // completes reads synchronously), and waits for a handler that went asynchronous, so the next
    // read happens on this thread again and never holds a thread-pool thread.
    private void CommandLoopBlocking(PacketChannel channel, CancellationToken stopping)
    {
        var result = new MySqlResultWriter(channel, session);
        while (true)
        {
            channel.ResetSequence();
            var read = channel.ReadPayloadAsync(stopping);
            var payload = read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();
            var step = ExecuteCommandAsync(channel, result, payload, stopping);
            if (!(step.IsCompletedSuccessfully ? step.Result : step.AsTask().GetAwaiter().GetResult())) return;
        }
    }

    // One command and its answer; false when the client said COM_QUIT.
    private async ValueTask<bool> ExecuteCommandAsync(PacketChannel channel, MySqlResultWriter result, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        {
            if (payload.Length == 0) MySqlProtocolException.ThrowMalformed("empty command packet");
            var command = (CommandKind)payload.Span[0];
            switch (command)
            {
                case CommandKind.Quit:
                    return false;
                case CommandKind.Query:
                    var sql = Encoding.UTF8.GetString(payload.Span[1..]);
                    result.BeginCommand(binaryRows: false);
                    await RunHandlerAsync(result, QueryCoreAsync(sql, result, stopping)).ConfigureAwait(false);
                    break;
                case CommandKind.Ping:
                    WriteOk(channel);
                    break;
                case CommandKind.InitDb:
                    result.BeginCommand(binaryRows: false);
                    var database = Encoding.UTF8.GetString(payload.Span[1..]);
                    await RunHandlerAsync(result, InitDbCoreAsync(database, result, stopping)).ConfigureAwait(false);
                    break;
                case CommandKind.FieldList:
                    await FieldListAsync(channel, result, payload, stopping).ConfigureAwait(false);
                    break;
                case CommandKind.Statistics:
                    channel.Writer.BeginPacket();
                    channel.Writer.WriteString(handler.Statistics(session));
                    channel.Writer.EndPacket();
                    break;
                case CommandKind.SetOption:
                    SetOption(channel, payload.Span);
                    break;
                case CommandKind.ResetConnection:
                    statements.Clear();
                    result.BeginCommand(binaryRows: false);
                    await RunHandlerAsync(result, ResetCoreAsync(stopping)).ConfigureAwait(false);
                    break;
                case CommandKind.StatementPrepare:
                    await PrepareAsync(channel, result, Encoding.UTF8.GetString(payload.Span[1..]), stopping).ConfigureAwait(false);
                    break;
                case CommandKind.StatementExecute:
                    await ExecuteAsync(result, payload, stopping).ConfigureAwait(false);
                    break;
                case CommandKind.StatementSendLongData:
                    SendLongData(payload.Span);
                    return true; // no response
                case CommandKind.StatementClose:
                    if (payload.Length >= 5) statements.Remove(new PayloadReader(payload.Span[1..]).ReadUInt32());
                    return true; // no response
                case CommandKind.StatementReset:
                    StatementReset(channel, result, payload.Span);
                    break;
                default:
                    MySqlProtocolException.Throw(ProtocolErrors.UnknownCommand((byte)command));
                    break;
            }
            await channel.FlushAsync(stopping).ConfigureAwait(false);
            return true;
        }
    }

    private void WriteOk(PacketChannel channel)
    {
        channel.Writer.BeginPacket();
        new OkPayload(0, 0, session.Status, 0).Write(channel.Writer, session.Capabilities);
        channel.Writer.EndPacket();
    }

    // Wrapping each handler call in an async method turns an exception thrown synchronously by the
    // handler into a faulted task, so RunHandlerAsync sees every failure the same way.
    private async ValueTask QueryCoreAsync(string sql, MySqlResultWriter result, CancellationToken stopping) =>
        await handler.QueryAsync(session, sql, result, stopping).ConfigureAwait(false);

    private async ValueTask InitDbCoreAsync(string database, MySqlResultWriter result, CancellationToken stopping)
    {
        await handler.InitDbAsync(session, database, stopping).ConfigureAwait(false);
        if (!result.IsComplete) result.WriteOk(schemaChanged: session.Database ?? database);
    }

    private async ValueTask ResetCoreAsync(CancellationToken stopping) =>
        await handler.ResetConnectionAsync(session, stopping).ConfigureAwait(false);

    private async ValueTask ExecuteCoreAsync(PreparedStatement statement, MySqlResultWriter result, CancellationToken stopping) =>
        await handler.ExecuteAsync(session, statement, result, stopping).ConfigureAwait(false);

    private async Task RunHandlerAsync(MySqlResultWriter result, ValueTask handlerTask)
    {
        try
        {
            await handlerTask.ConfigureAwait(false);
            result.Complete();
        }
        catch (MySqlErrorException e) when (!result.IsComplete)
        {
            result.WriteError(e.Error);
        }
        catch (Exception e) when (e is not (MySqlProtocolException or IOException or SocketException or OperationCanceledException))
        {
            // Also a MySqlErrorException thrown after the answer was complete: logged, the session goes on.
            Log(MySqlServerEventKind.HandlerFailed, "handler failed", e);
            if (!result.IsComplete) result.WriteError(ProtocolErrors.Unknown($"internal error: {e.Message}"));
        }
    }

    private MySqlError HandlerError(Exception e)
    {
        if (e is MySqlErrorException error) return error.Error;
        Log(MySqlServerEventKind.HandlerFailed, "handler failed", e);
        return ProtocolErrors.Unknown($"internal error: {e.Message}");
    }

    private async Task FieldListAsync(PacketChannel channel, MySqlResultWriter result, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        var reader = new PayloadReader(payload.Span[1..]);
        var table = Encoding.UTF8.GetString(reader.ReadNullTerminatedOrEnd());
        IReadOnlyList<ColumnDefinition> columns;
        try
        {
            columns = await handler.FieldListAsync(session, table, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (MySqlProtocolException or IOException or SocketException or OperationCanceledException))
        {
            result.BeginCommand(false);
            result.WriteError(HandlerError(e));
            return;
        }
        foreach (var column in columns)
        {
            channel.Writer.BeginPacket();
            column.Write(channel.Writer, withDefault: true);
            channel.Writer.EndPacket();
        }
        result.WriteEof(moreResults: false);
    }

    private void SetOption(PacketChannel channel, ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload[1..]);
        var option = reader.ReadUInt16();
        if (option > 1) MySqlProtocolException.Throw(ProtocolErrors.WrongArguments("COM_SET_OPTION"));
        session.MultiStatements = option == 0;
        // MySQL answers COM_SET_OPTION with an EOF packet.
        channel.Writer.BeginPacket();
        new EofPayload(0, session.Status).Write(channel.Writer);
        channel.Writer.EndPacket();
    }

    private async Task PrepareAsync(PacketChannel channel, MySqlResultWriter result, string sql, CancellationToken stopping)
    {
        PrepareResult prepared;
        try
        {
            prepared = await handler.PrepareAsync(session, sql, stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not (MySqlProtocolException or IOException or SocketException or OperationCanceledException))
        {
            result.BeginCommand(false);
            result.WriteError(HandlerError(e));
            return;
        }
        var statement = new PreparedStatement(++nextStatementId, sql, prepared.ParameterCount, prepared.Columns);
        statements[statement.Id] = statement;
        // COM_STMT_PREPARE_OK (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html)
        var writer = channel.Writer;
        writer.BeginPacket();
        writer.WriteByte(0);
        writer.WriteUInt32(statement.Id);
        writer.WriteUInt16((ushort)prepared.Columns.Count);
        writer.WriteUInt16((ushort)prepared.ParameterCount);
        writer.WriteByte(0);
        writer.WriteUInt16(0);
        writer.EndPacket();
        var deprecateEof = (session.Capabilities & CapabilityFlags.DeprecateEof) != 0;
        if (prepared.ParameterCount > 0)
        {
            var parameter = new ColumnDefinition { Name = "?", Type = ColumnType.VarString, CharacterSet = Collations.Binary };
            for (var i = 0; i < prepared.ParameterCount; i++)
            {
                writer.BeginPacket();
                parameter.Write(writer);
                writer.EndPacket();
            }
            if (!deprecateEof) result.WriteEof(false);
        }
        if (prepared.Columns.Count > 0)
        {
            foreach (var column in prepared.Columns)
            {
                writer.BeginPacket();
                column.Write(writer);
                writer.EndPacket();
            }
            if (!deprecateEof) result.WriteEof(false);
        }
    }

    private async Task ExecuteAsync(MySqlResultWriter result, ReadOnlyMemory<byte> payload, CancellationToken stopping)
    {
        var reader = new PayloadReader(payload.Span[1..]);
        var id = reader.ReadUInt32();
        reader.ReadByte(); // cursor flags: cursors are not offered, rows always stream
        reader.ReadUInt32(); // iteration count, always 1
        result.BeginCommand(binaryRows: true);
        if (!statements.TryGetValue(id, out var statement))
        {
            result.WriteError(ProtocolErrors.UnknownStatement(id, "mysqld_stmt_execute"));
            return;
        }
        statement.BindParameters(payload, 1 + reader.Offset);
        try
        {
            await RunHandlerAsync(result, ExecuteCoreAsync(statement, result, stopping)).ConfigureAwait(false);
        }
        finally
        {
            statement.AfterExecute();
        }
    }

    private void SendLongData(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload[1..]);
        var id = reader.ReadUInt32();
        var parameter = reader.ReadUInt16();
        if (statements.TryGetValue(id, out var statement)) statement.AppendLongData(parameter, reader.ReadRemaining());
    }

    private void StatementReset(PacketChannel channel, MySqlResultWriter result, ReadOnlySpan<byte> payload)
    {
        var id = new PayloadReader(payload[1..]).ReadUInt32();
        if (!statements.TryGetValue(id, out var statement))
        {
            result.BeginCommand(false);
            result.WriteError(ProtocolErrors.UnknownStatement(id, "mysqld_stmt_reset"));
            return;
        }
        statement.ResetLongData();
        WriteOk(channel);
    }
}
