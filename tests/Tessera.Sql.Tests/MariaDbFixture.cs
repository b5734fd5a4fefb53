using System.Diagnostics;
using MySqlConnector;

namespace Tessera.Sql.Tests;

// A throwaway MariaDB on a unix socket under a temp directory, started once for a test class and
// stopped by its pid when the class is done (also when tests fail).
public sealed class MariaDbFixture : IDisposable
{
    private readonly string _dir;
    private readonly Process? _server;

    public MariaDbFixture()
    {
        _dir = Path.Combine(Path.GetTempPath(), "tessera-sql-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        var data = Path.Combine(_dir, "data");
        Socket = Path.Combine(_dir, "mysql.sock");
        var user = Environment.UserName == "root" ? "--user=root" : "";
        Run("mariadb-install-db", $"--no-defaults --datadir={data} --auth-root-authentication-method=normal --skip-test-db {user}");
        _server = Process.Start(new ProcessStartInfo("/usr/sbin/mariadbd",
            $"--no-defaults --datadir={data} --socket={Socket} --skip-networking --skip-grant-tables --pid-file={_dir}/m.pid --log-error={_dir}/err.log --innodb-buffer-pool-size=16M {user}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = Open();
                return;
            }
            catch (MySqlException)
            {
                Thread.Sleep(100);
            }
        }

        Dispose();
        throw new InvalidOperationException("MariaDB did not start: " + File.ReadAllText(Path.Combine(_dir, "err.log")));
    }

    public string Socket { get; }

    public MySqlConnection Open()
    {
        var c = new MySqlConnection($"Server={Socket};Protocol=Unix;User ID=root;Pooling=false;AllowUserVariables=true");
        c.Open();
        return c;
    }

    public void Dispose()
    {
        if (_server != null)
        {
            try
            {
                _server.Kill();
                _server.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
            }

            _server.Dispose();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException(file + " failed: " + err.Result);
        }
    }
}
