using MySqlConnector;
using Tessera.Testing;

namespace Tessera.Sql.Tests;

// One throwaway MariaDB for the equivalence tests of a class: the shared TestMariaDb (own temp
// directory and tmpdir, free port, stopped by pid when the class is done, also when tests fail).
public sealed class MariaDbFixture : IAsyncLifetime
{
    private TestMariaDb? server;

    public async Task InitializeAsync() => server = await TestMariaDb.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }

    public MySqlConnection Open()
    {
        var connection = new MySqlConnection((server ?? throw new InvalidOperationException("MariaDB not started")).ConnectionString());
        connection.Open();
        return connection;
    }
}
