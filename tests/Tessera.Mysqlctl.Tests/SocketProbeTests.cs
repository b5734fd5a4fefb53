using System.Net.Sockets;
using Tessera.Testing;

namespace Tessera.Mysqlctl.Tests;

public class SocketProbeTests
{
    [Fact]
    public async Task NoSocketFile_DoesNotAnswer()
    {
        Assert.False(await SocketProbe.AnswersAsync("/nonexistent/mysql.sock", CancellationToken.None));
    }

    [Fact]
    public async Task AListenerThatIsNotMySql_DoesNotAnswer()
    {
        var dir = Directory.CreateTempSubdirectory("tsp-").FullName;
        try
        {
            var path = Path.Combine(dir, "fake.sock");
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen();
            var serve = Task.Run(async () =>
            {
                using var client = await listener.AcceptAsync();
                await client.SendAsync("HTTP/1.1 400 Bad Request\r\n\r\n"u8.ToArray(), SocketFlags.None);
            });
            Assert.False(await SocketProbe.AnswersAsync(path, CancellationToken.None));
            await serve;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ARunningInstance_Answers_AndTheProbeLeavesNoAbortedConnectionInTheLog()
    {
        await using var root = new TestDataRoot();
        var mysqld = root.Instance(100);
        await mysqld.InitAsync();
        Assert.True(await SocketProbe.AnswersAsync(mysqld.Mycnf.SocketFile, CancellationToken.None));
        await mysqld.ShutdownAsync();
        var log = await File.ReadAllTextAsync(mysqld.Mycnf.ErrorLogPath);
        Assert.DoesNotContain("Aborted connection", log, StringComparison.Ordinal);
    }
}
