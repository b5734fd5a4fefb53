using Xunit;

namespace Tessera.Testing;

/// xunit class fixture: one MariaDB shared by the tests of a class (IClassFixture<MariaDbFixture>).
public sealed class MariaDbFixture : IAsyncLifetime
{
    private TestMariaDb? server;

    public TestMariaDb Server => server ?? throw new InvalidOperationException("MariaDB fixture not started");

    public async Task InitializeAsync() => server = await TestMariaDb.StartAsync();

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }
}
