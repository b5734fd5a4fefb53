using System.Text;
using BenchmarkDotNet.Attributes;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Framing;
using Tessera.Protocol.Payloads;
using Tessera.Protocol.Serialization;
using Tessera.Protocol.Server;

namespace Tessera.Benchmarks.Protocol;

/// The server's hot paths, with allocations: reading a COM_QUERY off the wire, writing a result set
/// of 1 and 100 rows, parsing a binary COM_STMT_EXECUTE.
[MemoryDiagnoser]
public class ProtocolHotPathBenchmarks
{
    private PacketChannel queryChannel = null!;
    private PacketChannel resultChannel = null!;
    private MySqlResultWriter resultWriter = null!;
    private ColumnDefinition[] columns = null!;
    private byte[][] rawRows = null!;
    private PreparedStatement statement = null!;
    private byte[] executePayload = null!;

    [GlobalSetup]
    public void Setup()
    {
        var query = "SELECT c FROM sbtest1 WHERE id = 4711"u8.ToArray();
        var packet = new byte[4 + 1 + query.Length];
        PacketHeader.Write(packet, query.Length + 1, 0);
        packet[4] = (byte)CommandKind.Query;
        query.CopyTo(packet, 5);
        queryChannel = new PacketChannel(new RepeatingStream(packet));

        var session = new MySqlSession(1, null) { Capabilities = CapabilityFlags.Protocol41 | CapabilityFlags.DeprecateEof };
        resultChannel = new PacketChannel(Stream.Null);
        resultWriter = new MySqlResultWriter(resultChannel, session);
        columns =
        [
            new ColumnDefinition { Schema = "sbtest", Table = "sbtest1", OrgTable = "sbtest1", Name = "id", OrgName = "id", Type = ColumnType.Long, CharacterSet = Collations.Binary },
            new ColumnDefinition { Schema = "sbtest", Table = "sbtest1", OrgTable = "sbtest1", Name = "c", OrgName = "c", Type = ColumnType.String },
        ];
        rawRows = Enumerable.Range(0, 100).Select(i =>
        {
            using var w = new PacketWriter(256);
            w.WriteLengthEncodedString(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            w.WriteLengthEncodedString(Encoding.ASCII.GetBytes(new string('x', 120)));
            return w.Written.ToArray();
        }).ToArray();

        statement = new PreparedStatement(1, "select ?, ?, ?, ?", 4, []);
        using var execute = new PacketWriter(256);
        execute.WriteByte((byte)CommandKind.StatementExecute);
        execute.WriteUInt32(1);
        execute.WriteByte(0);
        execute.WriteUInt32(1);
        execute.WriteByte(0); // null bitmap
        execute.WriteByte(1); // new params bound
        foreach (var type in new[] { ColumnType.LongLong, ColumnType.VarString, ColumnType.Double, ColumnType.DateTime })
        {
            execute.WriteByte((byte)type);
            execute.WriteByte(0);
        }
        execute.WriteUInt64(4711);
        execute.WriteLengthEncodedString("customer@example.com"u8);
        execute.WriteUInt64(BitConverter.DoubleToUInt64Bits(3.25));
        BinaryValue.WriteDateTime(execute, 2024, 2, 29, 13, 14, 15, 0);
        executePayload = execute.Written.ToArray();
    }

    [Benchmark]
    public async ValueTask<int> ReadComQuery()
    {
        queryChannel.ResetSequence();
        var payload = await queryChannel.ReadPayloadAsync();
        var sql = Encoding.UTF8.GetString(payload.Span[1..]);
        return sql.Length;
    }

    [Benchmark]
    public ValueTask WriteResultSet1Row() => WriteRows(1);

    [Benchmark]
    public ValueTask WriteResultSet100Rows() => WriteRows(100);

    private ValueTask WriteRows(int count)
    {
        resultChannel.Sequence = 1;
        resultWriter.BeginCommand(binaryRows: false);
        resultWriter.BeginResultSet(columns);
        for (var i = 0; i < count; i++) resultWriter.WriteRawRow(rawRows[i]);
        resultWriter.EndResultSet();
        return resultChannel.FlushAsync();
    }

    [Benchmark]
    public int ParseBinaryExecute()
    {
        statement.BindParameters(executePayload, 10);
        return statement.Parameters[1].Raw.Length;
    }

    /// Returns the same bytes forever: a client sending one packet after another.
    private sealed class RepeatingStream(byte[] packet) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        private int position;

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, 64 * packet.Length);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = packet[position];
                position = (position + 1) % packet.Length;
            }
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
