using System.Buffers;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;

namespace Tessera.Protocol.Server;

/// A server-side prepared statement. Parameter types are remembered between executions (a client
/// sends them only with new-params-bound = 1); long data (COM_STMT_SEND_LONG_DATA) is kept until
/// the next execute or COM_STMT_RESET.
public sealed class PreparedStatement
{
    private readonly (ColumnType Type, bool Unsigned)[] types;
    private readonly BinaryParameter[] parameters;
    private readonly ArrayBufferWriter<byte>?[] longData;
    private bool typesBound;

    internal PreparedStatement(uint id, string sql, int parameterCount, IReadOnlyList<ColumnDefinition> columns)
    {
        Id = id;
        Sql = sql;
        Columns = columns;
        types = new (ColumnType, bool)[parameterCount];
        parameters = new BinaryParameter[parameterCount];
        longData = new ArrayBufferWriter<byte>?[parameterCount];
    }

    public uint Id { get; }
    public string Sql { get; }
    public IReadOnlyList<ColumnDefinition> Columns { get; }
    public int ParameterCount => parameters.Length;

    /// This execution's parameters; overwritten by the next execution.
    public IReadOnlyList<BinaryParameter> Parameters => parameters;

    /// Free slot for the handler (e.g. its parsed plan).
    public object? State { get; set; }

    internal void AppendLongData(int parameter, ReadOnlySpan<byte> data)
    {
        if ((uint)parameter >= (uint)longData.Length) return; // MySQL ignores it and reports at execute
        (longData[parameter] ??= new ArrayBufferWriter<byte>()).Write(data);
    }

    internal void ResetLongData() => Array.Clear(longData);

    /// Parses the parameter part of COM_STMT_EXECUTE
    /// (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html):
    /// payload starts after the command byte, statement id, flags and iteration count.
    internal void BindParameters(ReadOnlyMemory<byte> payload, int offset)
    {
        var count = parameters.Length;
        if (count == 0) return;
        var span = payload.Span;
        var reader = new PayloadReader(span) { Offset = offset };
        var nullBitmap = reader.ReadBytes((count + 7) / 8);
        var nullBitmapOffset = reader.Offset - nullBitmap.Length;
        if (reader.ReadByte() == 1)
        {
            for (var i = 0; i < count; i++)
            {
                var type = (ColumnType)reader.ReadByte();
                var flags = reader.ReadByte();
                types[i] = (type, (flags & 0x80) != 0);
            }
            typesBound = true;
        }
        else if (!typesBound)
        {
            MySqlProtocolException.Throw(ProtocolErrors.WrongArguments("mysqld_stmt_execute (parameter types never sent)"));
        }
        for (var i = 0; i < count; i++)
        {
            var (type, unsigned) = types[i];
            if ((span[nullBitmapOffset + i / 8] & (1 << (i % 8))) != 0)
            {
                parameters[i] = new BinaryParameter(type, unsigned, true, default);
                continue;
            }
            if (longData[i] is { } data)
            {
                parameters[i] = new BinaryParameter(type is ColumnType.Blob or ColumnType.LongBlob or ColumnType.MediumBlob or ColumnType.TinyBlob ? type : ColumnType.Blob,
                    unsigned, false, data.WrittenMemory);
                continue;
            }
            if (type == ColumnType.Null)
            {
                parameters[i] = new BinaryParameter(type, unsigned, true, default);
                continue;
            }
            var size = BinaryValue.SizeOf(type, span[reader.Offset..]);
            if (type is ColumnType.Date or ColumnType.NewDate or ColumnType.DateTime or ColumnType.Timestamp ? size - 1 is not (0 or 4 or 7 or 11)
                : type is ColumnType.Time && size - 1 is not (0 or 8 or 12))
                MySqlProtocolException.ThrowMalformed($"temporal parameter {i} of {size - 1} bytes");
            var start = reader.Offset;
            reader.Skip(size);
            var value = payload.Slice(start, size);
            var content = BinaryValue.Content(type, value.Span);
            // Keep temporals with their length byte; strings without their length prefix.
            var raw = type is ColumnType.Date or ColumnType.NewDate or ColumnType.DateTime or ColumnType.Timestamp or ColumnType.Time
                ? value
                : payload.Slice(start + size - content.Length, content.Length);
            parameters[i] = new BinaryParameter(type, unsigned, false, raw);
        }
    }

    internal void AfterExecute() => ResetLongData();
}
