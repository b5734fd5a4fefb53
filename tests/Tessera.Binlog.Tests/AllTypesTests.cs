using MySqlConnector;
using Tessera.Binlog.Rows;
using Tessera.Binlog.Transactions;
using Tessera.Testing;

namespace Tessera.Binlog.Tests;

/// Every MariaDB column type written by a real server, read back from its binlog file and
/// compared with what the server itself says the stored values are.
public class AllTypesTests
{
    private enum Compare
    {
        Text,   // CAST(col AS CHAR) == value.ToString()
        Hex,    // HEX(col) == hex of the raw bytes
        Number, // col+0 == value.ToString() (BIT)
        Float,
        Double,
    }

    private static readonly (string Name, string Type, Compare Compare)[] Columns =
    [
        ("ti", "TINYINT", Compare.Text), ("tiu", "TINYINT UNSIGNED", Compare.Text),
        ("si", "SMALLINT", Compare.Text), ("siu", "SMALLINT UNSIGNED", Compare.Text),
        ("mi", "MEDIUMINT", Compare.Text), ("miu", "MEDIUMINT UNSIGNED", Compare.Text),
        ("i", "INT", Compare.Text), ("iu", "INT UNSIGNED", Compare.Text),
        ("bi", "BIGINT", Compare.Text), ("biu", "BIGINT UNSIGNED", Compare.Text),
        ("dbig", "DECIMAL(65,30)", Compare.Text), ("dmid", "DECIMAL(10,2) UNSIGNED", Compare.Text),
        ("dfrac", "DECIMAL(5,5)", Compare.Text), ("dint", "DECIMAL(18,0)", Compare.Text),
        ("f", "FLOAT", Compare.Float), ("dbl", "DOUBLE", Compare.Double),
        ("b13", "BIT(13)", Compare.Number), ("b64", "BIT(64)", Compare.Number), ("b1", "BIT(1)", Compare.Number),
        ("y", "YEAR", Compare.Text), ("dt", "DATE", Compare.Text),
        ("tm", "TIME", Compare.Text), ("tm3", "TIME(3)", Compare.Text), ("tm6", "TIME(6)", Compare.Text), ("tm1", "TIME(1)", Compare.Text),
        ("dtm", "DATETIME", Compare.Text), ("dtm2", "DATETIME(2)", Compare.Text), ("dtm6", "DATETIME(6)", Compare.Text),
        ("ts", "TIMESTAMP NULL", Compare.Text), ("ts4", "TIMESTAMP(4) NULL", Compare.Text), ("ts6", "TIMESTAMP(6) NULL", Compare.Text),
        ("c", "CHAR(10) CHARACTER SET utf8mb4", Compare.Text), ("cbig", "CHAR(255) CHARACTER SET utf8mb4", Compare.Text),
        ("vc", "VARCHAR(300) CHARACTER SET utf8mb4", Compare.Text), ("vlat", "VARCHAR(20) CHARACTER SET latin1", Compare.Text),
        ("bin", "BINARY(4)", Compare.Hex), ("vb", "VARBINARY(10)", Compare.Hex),
        ("tx", "TEXT CHARACTER SET utf8mb4", Compare.Text), ("mt", "MEDIUMTEXT CHARACTER SET utf8mb3", Compare.Text),
        ("tb", "TINYBLOB", Compare.Hex), ("lb", "LONGBLOB", Compare.Hex),
        ("e", "ENUM('a','b','ç')", Compare.Text), ("s", "SET('x','y','z')", Compare.Text),
        ("j", "JSON", Compare.Text), ("g", "GEOMETRY", Compare.Hex), ("pt", "POINT", Compare.Hex),
    ];

    private const string MinRow =
        "(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, " +
        "-99999999999999999999999999999999999.999999999999999999999999999999, 0, -0.99999, -999999999999999999, " +
        "-3.40282e38, -1.7976931348623157e308, 0, 0, 0, 1901, '1000-01-01', " +
        "'-838:59:59', '-838:59:59.999', '-838:59:59.999999', '-00:00:00.5', " +
        "'1000-01-01 00:00:00', '1000-01-01 00:00:00.00', '1000-01-01 00:00:00.000000', " +
        "'1970-01-01 00:00:01', '1970-01-01 00:00:01.0001', '1970-01-01 00:00:01.000001', " +
        "'', '', '', '', '', '', '', '', '', '', 'a', '', '[]', ST_GeomFromText('POINT(0 0)'), POINT(0, 0))";

    private const string MaxRow =
        "(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, " +
        "99999999999999999999999999999999999.999999999999999999999999999999, 99999999.99, 0.99999, 999999999999999999, " +
        "3.40282e38, 1.7976931348623157e308, b'1111111111111', 0xFFFFFFFFFFFFFFFF, 1, 2155, '9999-12-31', " +
        "'838:59:59', '838:59:59.999', '838:59:59.999999', '838:59:59.9', " +
        "'9999-12-31 23:59:59', '9999-12-31 23:59:59.99', '9999-12-31 23:59:59.999999', " +
        "'2038-01-19 03:14:07', '2038-01-19 03:14:07.9999', '2038-01-19 03:14:07.999999', " +
        "'ŻÓŁW🐢ab', REPEAT('字', 255), REPEAT('ü', 300), 'ÿçé€', 0xFFFFFFFF, 0x00FF00FF00FF00FF00FF, " +
        "REPEAT('ß', 30000), REPEAT('→', 100000), REPEAT(0xAB, 255), REPEAT(0xCD, 70000), 'ç', 'x,y,z', " +
        "'{\"k\": [1, \"é\", null], \"n\": 1.5e300}', ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 1))'), POINT(1.5, -2.25))";

    private const string NullRow =
        "(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, " +
        "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)";

    private const string TypicalRow =
        "(4, -5, 7, -300, 300, -70000, 70000, -1, 1, -1, 1, " +
        "-12345.678900000000000000000000000001, 12.5, 0.00001, 1000000000, " +
        "0.1, -2.5e-300, b'101', 1, 0, 0, '0000-00-00', " +
        "'-00:00:01', '-12:34:56.001', '-00:00:00.000001', '100:00:00.1', " +
        "'2024-02-29 12:34:56', '2024-02-29 12:34:56.07', '2024-02-29 12:34:56.123456', " +
        "'2024-02-29 12:34:56', '2024-02-29 12:34:56.5', '2024-02-29 12:34:56.000007', " +
        "'  a b', 'x', 'naïve café', 'abc', 0x01, 0x00, 'é', '中文', 0x00, 0x00, 'a', 'x,z', " +
        "'{\"a\":1}', ST_GeomFromText('LINESTRING(0 0,1 1,2 1)'), POINT(-1, 1e10))";

    [Fact]
    public async Task EveryColumnType_InsertUpdateDelete_DecodeAsTheServerStoredThem()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        var columnsSql = string.Join(", ", Columns.Select(c => $"{c.Name} {c.Type}"));
        await db.ExecuteAsync($"CREATE TABLE types (id INT PRIMARY KEY, {columnsSql}) ENGINE=InnoDB", "app");

        await using var connection = await db.OpenAsync("app");
        await Execute(connection, "SET time_zone = '+00:00'");
        var gtids = new List<string>();
        foreach (var row in new[] { MinRow, MaxRow, NullRow, TypicalRow })
        {
            await Execute(connection, $"INSERT INTO types VALUES {row}");
            gtids.Add(await LastGtid(connection));
        }
        var blob = new byte[1 << 20];
        new Random(42).NextBytes(blob);
        await using (var insert = new MySqlCommand("INSERT INTO types (id, lb, tx) VALUES (5, @blob, @text)", connection))
        {
            insert.Parameters.AddWithValue("@blob", blob);
            insert.Parameters.AddWithValue("@text", "🐢");
            await insert.ExecuteNonQueryAsync();
        }
        gtids.Add(await LastGtid(connection));
        var inserted = await Expected(connection, [1, 2, 3, 4, 5]);

        await Execute(connection, "UPDATE types SET ti = NULL, vc = 'changed ü', dtm6 = '2000-01-01 00:00:00.5', e = 'b', biu = 5 WHERE id IN (2, 3)");
        gtids.Add(await LastGtid(connection));
        var updated = await Expected(connection, [2, 3]);
        await Execute(connection, "DELETE FROM types WHERE id IN (1, 3)");
        gtids.Add(await LastGtid(connection));

        var transactions = (await BinlogTestServer.ReadTransactionsAsync(db)).Where(t => t.Changes.Count > 0).ToList();
        Assert.Equal(gtids, transactions.Select(t => t.Gtid.ToString()));

        for (var i = 0; i < 5; i++)
        {
            var change = Assert.Single(transactions[i].Changes);
            Assert.Equal(RowChangeKind.Insert, change.Kind);
            Assert.Null(change.Before);
            Assert.Equal("types", change.Table.Table);
            Assert.Equal("app", change.Table.Schema);
            AssertRow(inserted[i + 1], change.After!);
        }
        Assert.Equal(blob, transactions[4].Changes[0].After!["lb"].GetBytes().ToArray());

        var updates = transactions[5].Changes;
        Assert.Equal([RowChangeKind.Update, RowChangeKind.Update], updates.Select(c => c.Kind));
        AssertRow(inserted[2], updates[0].Before!);
        AssertRow(updated[2], updates[0].After!);
        AssertRow(inserted[3], updates[1].Before!);
        AssertRow(updated[3], updates[1].After!);

        var deletes = transactions[6].Changes;
        Assert.Equal([RowChangeKind.Delete, RowChangeKind.Delete], deletes.Select(c => c.Kind));
        AssertRow(inserted[1], deletes[0].Before!);
        AssertRow(updated[3], deletes[1].Before!);
        Assert.All(deletes, d => Assert.Null(d.After));
    }

    [Fact]
    public async Task TableMap_FullMetadata_GivesNamesSignednessCharsetsAndEnumValues()
    {
        await using var db = await BinlogTestServer.StartAsync();
        await db.ExecuteAsync("CREATE DATABASE app");
        await db.ExecuteAsync(
            "CREATE TABLE m (id BIGINT UNSIGNED PRIMARY KEY, n INT, g GEOMETRY, l VARCHAR(5) CHARACTER SET latin1, u TEXT CHARACTER SET utf8mb4, " +
            "b VARBINARY(3), e ENUM('p','q') CHARACTER SET latin1, s SET('r','t'), d DECIMAL(4,1) UNSIGNED) DEFAULT CHARSET=utf8mb4", "app");
        await db.ExecuteAsync("INSERT INTO m VALUES (1, -1, POINT(1,1), 'ÿ', '€', 0x00, 'q', 't', 1.5)", "app");
        var change = (await BinlogTestServer.ReadTransactionsAsync(db)).SelectMany(t => t.Changes).Single();
        var columns = change.Table.Columns;
        Assert.Equal(["id", "n", "g", "l", "u", "b", "e", "s", "d"], columns.Select(c => c.Name));
        Assert.Equal([true, false, false, false, false, false, false, false, true], columns.Select(c => c.Unsigned));
        Assert.Equal("latin1", Collations.CharsetOf(columns[3].Collation));
        Assert.Equal("utf8mb4", Collations.CharsetOf(columns[4].Collation));
        Assert.Equal(Collations.Binary, columns[5].Collation);
        Assert.Equal("latin1", Collations.CharsetOf(columns[6].Collation));
        Assert.Equal(["p", "q"], columns[6].EnumValues!);
        Assert.Equal(["r", "t"], columns[7].SetValues!);
        Assert.True(columns[0].IsPrimaryKey);
        Assert.False(columns[1].IsPrimaryKey);
        Assert.Equal("ÿ", change.After!["l"].GetString());
        Assert.Equal("€", change.After!["u"].GetString());
        Assert.Equal(1.5m, change.After!["d"].GetDecimal());
    }

    private static void AssertRow(Dictionary<string, object?> expected, BinlogRow row)
    {
        Assert.Equal(expected["id"], row["id"].ToString());
        foreach (var (name, _, compare) in Columns)
        {
            var value = row[name];
            var want = expected[name];
            if (want is null)
            {
                Assert.True(value.IsNull, $"{name}: expected NULL, got {value}");
                continue;
            }
            switch (compare)
            {
                case Compare.Float:
                    Assert.Equal((float)want, value.GetSingle());
                    break;
                case Compare.Double:
                    Assert.Equal((double)want, value.GetDouble());
                    break;
                case Compare.Hex:
                    Assert.True((string)want == Convert.ToHexString(value.GetBytes().Span), $"{name}: bytes differ");
                    break;
                default:
                    Assert.True(Equals(want, value.ToString()), $"{name}: expected '{want}', got '{value}'");
                    break;
            }
        }
    }

    private static async Task<Dictionary<int, Dictionary<string, object?>>> Expected(MySqlConnection connection, int[] ids)
    {
        var select = string.Join(", ", Columns.Select(c => c.Compare switch
        {
            Compare.Hex => $"HEX({c.Name})",
            Compare.Number => $"{c.Name}+0",
            Compare.Float or Compare.Double => c.Name,
            _ => $"CAST({c.Name} AS CHAR)",
        }));
        await using var command = new MySqlCommand($"SELECT CAST(id AS CHAR), {select} FROM types WHERE id IN ({string.Join(',', ids)}) ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<int, Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?> { ["id"] = reader.GetString(0) };
            for (var i = 0; i < Columns.Length; i++)
            {
                row[Columns[i].Name] = reader.IsDBNull(i + 1) ? null : Columns[i].Compare switch
                {
                    Compare.Float => reader.GetFloat(i + 1),
                    Compare.Double => reader.GetDouble(i + 1),
                    Compare.Number => Convert.ToUInt64(reader.GetValue(i + 1), System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => reader.GetString(i + 1),
                };
            }
            rows[int.Parse((string)row["id"]!, System.Globalization.CultureInfo.InvariantCulture)] = row;
        }
        return rows;
    }

    private static async Task Execute(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> LastGtid(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT @@last_gtid", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
