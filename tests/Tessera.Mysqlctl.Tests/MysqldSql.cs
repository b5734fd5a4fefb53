using MySqlConnector;

namespace Tessera.Mysqlctl.Tests;

/// Talks to an instance as a real client would (MySqlConnector), over its socket or its TCP port.
internal static class MysqldSql
{
    public static MySqlConnection OverSocket(Mysqld mysqld, string user = "vt_dba") => new(new MySqlConnectionStringBuilder
    {
        Server = mysqld.Mycnf.SocketFile,
        ConnectionProtocol = MySqlConnectionProtocol.UnixSocket,
        UserID = user,
        SslMode = MySqlSslMode.None,
        Pooling = false,
    }.ConnectionString);

    public static MySqlConnection OverTcp(Mysqld mysqld, string user) => new(new MySqlConnectionStringBuilder
    {
        Server = "127.0.0.1",
        Port = (uint)mysqld.Mycnf.Port,
        UserID = user,
        SslMode = MySqlSslMode.None,
        Pooling = false,
    }.ConnectionString);

    public static async Task<string?> ScalarAsync(MySqlConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<string?> ScalarAsync(Mysqld mysqld, string sql)
    {
        await using var connection = OverSocket(mysqld);
        return await ScalarAsync(connection, sql);
    }

    public static async Task<List<string>> ColumnAsync(Mysqld mysqld, string sql)
    {
        await using var connection = OverSocket(mysqld);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}
