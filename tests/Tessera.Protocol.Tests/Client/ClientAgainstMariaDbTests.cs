using System.Text;
using Tessera.Protocol.Client;
using Tessera.Protocol.Constants;
using Tessera.Protocol.Payloads;
using Tessera.Testing;

namespace Tessera.Protocol.Tests.Client;

public class ClientAgainstMariaDbTests(MariaDbFixture fixture) : IClassFixture<MariaDbFixture>
{
    private TestMariaDb Db => fixture.Server;

    private Task<MySqlClientConnection> ConnectAsync(string user = "root", string password = "", string? database = null, bool unixSocket = false) =>
        MySqlClientConnection.ConnectAsync(new MySqlClientOptions
        {
            Host = Db.Host,
            Port = Db.Port,
            UnixSocket = unixSocket ? Db.SocketPath : null,
            User = user,
            Password = password,
            Database = database,
        });

    [Fact]
    public async Task Query_SelectOne_StreamsColumnsThenRawRow()
    {
        await using var connection = await ConnectAsync();
        Assert.Contains("MariaDB", connection.ServerVersion, StringComparison.Ordinal);
        await using var result = await connection.QueryAsync("select 1 as one, 'x' as two, null as three");
        Assert.Equal(["one", "two", "three"], result.Columns.Select(c => c.Name));
        Assert.True(await result.ReadAsync());
        // The raw text row: lenenc "1", lenenc "x", NULL marker.
        Assert.Equal(new byte[] { 1, (byte)'1', 1, (byte)'x', 0xFB }, result.CurrentRow.ToArray());
        Assert.Equal(new object?[] { 1L, "x", null }, result.GetValues());
        Assert.False(await result.ReadAsync());
        Assert.True((connection.Status & ServerStatus.Autocommit) != 0);
    }

    [Fact]
    public async Task Connect_OverUnixSocket_Works()
    {
        await using var connection = await ConnectAsync(unixSocket: true);
        await using var result = await connection.QueryAsync("select @@socket");
        var rows = await result.ReadAllRowsAsync();
        Assert.Equal(Db.SocketPath, rows[0][0]);
    }

    [Fact]
    public async Task Query_Error_SurfacesMySqlErrorAndConnectionStaysUsable()
    {
        await using var connection = await ConnectAsync();
        var ex = await Assert.ThrowsAsync<MySqlErrorException>(() => connection.QueryAsync("select * from no_such_db.no_such_table"));
        Assert.Equal(1146, ex.Error.Number);
        Assert.Equal("42S02", ex.Error.SqlState);
        await connection.PingAsync();
        var ok = await connection.ExecuteAsync("do 1");
        Assert.Equal(0UL, ok.AffectedRows);
    }

    [Fact]
    public async Task Execute_ReportsAffectedRowsAndLastInsertId_AndTransactionStatus()
    {
        await using var connection = await ConnectAsync();
        await connection.ExecuteAsync("create database if not exists client_ok");
        await connection.InitDbAsync("client_ok");
        await connection.ExecuteAsync("create table t (id int auto_increment primary key, v int)");
        var ok = await connection.ExecuteAsync("insert into t (v) values (1), (2), (3)");
        Assert.Equal(3UL, ok.AffectedRows);
        Assert.Equal(1UL, ok.LastInsertId);
        await connection.ExecuteAsync("begin");
        Assert.True((connection.Status & ServerStatus.InTransaction) != 0);
        ok = await connection.ExecuteAsync("update t set v = v + 1 where id > 1");
        Assert.Equal(2UL, ok.AffectedRows);
        await connection.ExecuteAsync("commit");
        Assert.False((connection.Status & ServerStatus.InTransaction) != 0);
    }

    [Fact]
    public async Task MultiStatement_YieldsEachResult()
    {
        await using var connection = await ConnectAsync();
        await using var result = await connection.QueryAsync("select 1; do 0; select 2, 3");
        Assert.Equal(1L, (await result.ReadAllRowsAsync())[0][0]);
        Assert.True(await result.NextResultAsync());
        Assert.False(result.HasRows);
        Assert.True(await result.NextResultAsync());
        Assert.Equal(new object?[] { 2L, 3L }, (await result.ReadAllRowsAsync())[0]);
        Assert.False(await result.NextResultAsync());
        await connection.PingAsync();
    }

    [Fact]
    public async Task LowLevel_SendCommandThenReadRawPackets()
    {
        await using var connection = await ConnectAsync();
        await connection.SendCommandAsync(CommandKind.Query, "select 42"u8.ToArray());
        var packets = new List<byte[]>();
        while (true)
        {
            var payload = await connection.ReadPacketAsync();
            packets.Add(payload.ToArray());
            if (OkPayload.IsResultSetTerminator(payload.Span)) break;
        }
        Assert.Equal(4, packets.Count); // column count, column definition, row, terminator
        Assert.Equal(new byte[] { 1 }, packets[0]);
        Assert.Equal("42", ColumnDefinition.Create(packets[1]).Name);
        Assert.Equal(new byte[] { 2, (byte)'4', (byte)'2' }, packets[2]);
        await connection.PingAsync();
    }

    [Fact]
    public async Task NativePasswordUser_Authenticates_WrongPasswordIsDenied()
    {
        await Db.ExecuteAsync("create user if not exists 'native_user'@'%' identified via mysql_native_password using password('s3cret')");
        await using (var connection = await ConnectAsync("native_user", "s3cret"))
        {
            await using var result = await connection.QueryAsync("select current_user()");
            Assert.Equal("native_user@%", (await result.ReadAllRowsAsync())[0][0]);
        }
        var ex = await Assert.ThrowsAsync<MySqlErrorException>(() => ConnectAsync("native_user", "wrong"));
        Assert.Equal(1045, ex.Error.Number);
    }

    [Fact]
    public async Task ConnectWithDatabase_SelectsIt()
    {
        await Db.ExecuteAsync("create database if not exists client_db");
        await using var connection = await ConnectAsync(database: "client_db");
        await using var result = await connection.QueryAsync("select database()");
        Assert.Equal("client_db", (await result.ReadAllRowsAsync())[0][0]);
    }

    [Fact]
    public async Task EveryColumnType_RoundTrips()
    {
        await using var connection = await ConnectAsync();
        await connection.ExecuteAsync("create database if not exists client_types");
        await connection.InitDbAsync("client_types");
        await connection.ExecuteAsync("""
            create or replace table t (
              ti tinyint, tu tinyint unsigned, si smallint, mi mediumint, i int, iu int unsigned, bi bigint, bu bigint unsigned,
              f float, d double, de decimal(20,6), y year, dt date, tm time(6), dtt datetime(6), ts timestamp(6) null,
              c char(5), vc varchar(20), bin binary(3), vb varbinary(10), tx text, bl blob, lt longtext, js json,
              en enum('a','b'), st set('x','y'), bt bit(10), n int null) default charset utf8mb4
            """);
        await connection.ExecuteAsync("""
            insert into t values (-128, 255, -32768, -8388608, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615,
              1.5, 2.25, 12345678901234.123456, 2024, '2024-02-29', '-838:59:58.123456', '2024-02-29 13:14:15.678901', '2001-01-01 00:00:01',
              'abc', 'héllo 🐬', x'000102', x'ff00', 'text', x'cafe', repeat('z', 1000), '{"a": 1}', 'b', 'x,y', b'1010101010', null)
            """);
        await using var result = await connection.QueryAsync("select * from t");
        var row = (await result.ReadAllRowsAsync()).Single();
        object?[] expected =
        [
            -128L, 255UL, -32768L, -8388608L, -2147483648L, 4294967295UL, long.MinValue, ulong.MaxValue,
            1.5f, 2.25d, 12345678901234.123456m, 2024UL, new DateTime(2024, 2, 29), -new TimeSpan(0, 838, 59, 58).Add(TimeSpan.FromTicks(1234560)),
            new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(6789010), new DateTime(2001, 1, 1, 0, 0, 1),
            "abc", "héllo 🐬", new byte[] { 0, 1, 2 }, new byte[] { 0xFF, 0 }, "text", new byte[] { 0xCA, 0xFE }, new string('z', 1000), "{\"a\": 1}",
            "b", "x,y", new byte[] { 0b10, 0b1010_1010 }, null,
        ];
        Assert.Equal(expected.Length, row.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Equals(expected[i], row[i]) || (expected[i] is byte[] e && row[i] is byte[] a && e.SequenceEqual(a)),
                $"column {result.Columns[i].Name} ({result.Columns[i].Type}): expected {expected[i]}, got {row[i]}");
    }

    [Fact]
    public async Task PacketsOverSixteenMebibytes_GoBothWays()
    {
        await Db.ExecuteAsync("set global max_allowed_packet = 64 * 1024 * 1024");
        await using var connection = await ConnectAsync();
        await connection.ExecuteAsync("create database if not exists client_big");
        await connection.InitDbAsync("client_big");
        await connection.ExecuteAsync("create or replace table big (id int primary key, b longblob)");
        var size = 20 * 1024 * 1024;
        var sql = new StringBuilder(size + 100).Append("insert into big values (1, '").Append('q', size).Append("')").ToString();
        var ok = await connection.ExecuteAsync(sql);
        Assert.Equal(1UL, ok.AffectedRows);
        await using var result = await connection.QueryAsync("select id, b, length(b) from big");
        Assert.True(await result.ReadAsync());
        Assert.True(result.CurrentRow.Length > 16 * 1024 * 1024);
        var values = result.GetValues();
        Assert.Equal((long)size, values[2]);
        var blob = (byte[])values[1]!;
        Assert.Equal(size, blob.Length);
        Assert.True(blob.All(b => b == (byte)'q'));
        Assert.False(await result.ReadAsync());
    }

    [Fact]
    public async Task PreparedStatement_BinaryRowsAndParameters_RoundTripEveryType()
    {
        await using var connection = await ConnectAsync();
        await connection.ExecuteAsync("create database if not exists client_ps");
        await connection.InitDbAsync("client_ps");
        await connection.ExecuteAsync("""
            create or replace table t (id int primary key, bi bigint, bu bigint unsigned, d double, f float, s varchar(20),
              b blob, dt datetime(6), dd date, tm time(6), de decimal(10,3), n int) default charset utf8mb4
            """);
        var insert = await connection.PrepareAsync("insert into t values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Assert.Equal(12, insert.ParameterCount);
        var when = new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234560);
        object?[] values = [1, long.MinValue, ulong.MaxValue, 2.5d, 1.25f, "héllo 🐬", new byte[] { 0, 1, 255 }, when, new DateTime(1999, 12, 31),
            new TimeSpan(-1, -2, -3, -4), 12.345m, null];
        var ok = await (await connection.ExecuteAsync(insert, values)).DrainAsync();
        Assert.Equal(1UL, ok.AffectedRows);
        await connection.CloseStatementAsync(insert);

        var select = await connection.PrepareAsync("select * from t where id = ?");
        Assert.Equal(12, select.Columns.Count);
        await using var result = await connection.ExecuteAsync(select, [1]);
        Assert.True(result.IsBinary);
        var row = (await result.ReadAllRowsAsync()).Single();
        object?[] expected = [1L, long.MinValue, ulong.MaxValue, 2.5d, 1.25f, "héllo 🐬", new byte[] { 0, 1, 255 }, when, new DateTime(1999, 12, 31),
            new TimeSpan(-1, -2, -3, -4), 12.345m, null];
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Equals(expected[i], row[i]) || (expected[i] is byte[] e && row[i] is byte[] a && e.SequenceEqual(a)),
                $"column {result.Columns[i].Name}: expected {expected[i]}, got {row[i]}");
    }

    [Fact]
    public async Task BinlogDumpHook_StreamsRawEventPacketsUntilEof()
    {
        await using var connection = await ConnectAsync();
        await connection.ExecuteAsync("set @master_binlog_checksum = @@global.binlog_checksum, @mariadb_slave_capability = 4");
        string file;
        await using (var status = await connection.QueryAsync("show binary logs"))
            file = (string)(await status.ReadAllRowsAsync())[0][0]!;
        // COM_BINLOG_DUMP: position, flags (BINLOG_DUMP_NON_BLOCK: EOF at the end instead of waiting), server id, file name.
        var payload = new byte[4 + 2 + 4 + System.Text.Encoding.ASCII.GetByteCount(file)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload, 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(6), 4242);
        System.Text.Encoding.ASCII.GetBytes(file, payload.AsSpan(10));
        await connection.SendCommandAsync(CommandKind.BinlogDump, payload);
        var eventTypes = new List<byte>();
        await foreach (var packet in connection.ReadPacketsAsync())
        {
            Assert.Equal(0, packet.Span[0]); // OK marker before each event
            eventTypes.Add(packet.Span[1 + 4]); // event header: timestamp (4 bytes), then the type
        }
        Assert.Contains((byte)4, eventTypes); // ROTATE_EVENT
        Assert.Contains((byte)15, eventTypes); // FORMAT_DESCRIPTION_EVENT
    }
}
