using System.Diagnostics;
using MySqlConnector;

namespace Tessera.Testing;

/// A throwaway MariaDB for one test or test class: its own data directory under the temp
/// directory, a free loopback port, ROW binlogs with GTIDs, root without a password over TCP.
/// Starts in well under a second; DisposeAsync kills it by pid and removes its directory.
public sealed class TestMariaDb : IAsyncDisposable
{
    private static int nextServerId = 1000 + (Environment.ProcessId % 1000) * 100;
    private readonly Process process;

    private TestMariaDb(Process process, string root, int port, int serverId)
    {
        this.process = process;
        RootDirectory = root;
        Port = port;
        ServerId = serverId;
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public int ServerId { get; }
    public string RootDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");
    public string SocketPath => Path.Combine(RootDirectory, "mysql.sock");
    public string ErrorLogPath => Path.Combine(RootDirectory, "error.log");
    public string User => "root";
    public int ProcessId => process.Id;

    public string ConnectionString(string? database = null) =>
        new MySqlConnectionStringBuilder
        {
            Server = Host,
            Port = (uint)Port,
            UserID = User,
            Database = database ?? "",
            SslMode = MySqlSslMode.None,
            AllowUserVariables = true,
            Pooling = false,
        }.ConnectionString;

    public async Task<MySqlConnection> OpenAsync(string? database = null, CancellationToken cancellationToken = default)
    {
        var connection = new MySqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// Runs one statement as root and returns the first column of the first row (or null).
    public async Task<object?> ScalarAsync(string sql, string? database = null)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new MySqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task ExecuteAsync(string sql, string? database = null)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<TestMariaDb> StartAsync(TestMariaDbOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestMariaDbOptions();
        var mariadbd = MariaDbBinaries.Find("mariadbd");
        var installDb = MariaDbBinaries.Find("mariadb-install-db");
        var root = Directory.CreateTempSubdirectory("tessera-mariadb-").FullName;
        var data = Path.Combine(root, "data");
        // Each server (and its bootstrap) gets a private tmpdir: a starting mariadbd deletes every
        // "#sql*" file in its tmpdir, which breaks another instance's mariadb-install-db halfway
        // when test runs share /tmp.
        var tmp = Directory.CreateDirectory(Path.Combine(root, "tmp")).FullName;
        var user = Environment.UserName;
        try
        {
            await RunToEndAsync(installDb,
                ["--no-defaults", $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db",
                 $"--user={user}", "--innodb-log-file-size=8M", $"--tmpdir={tmp}"], Path.Combine(root, "install.log"), tmp, cancellationToken);

            var port = FreePort.Next();
            var serverId = options.ServerId ?? Interlocked.Increment(ref nextServerId);
            string[] args =
            [
                "--no-defaults", $"--datadir={data}", $"--socket={Path.Combine(root, "mysql.sock")}",
                $"--port={port}", "--bind-address=127.0.0.1", $"--user={user}", $"--server-id={serverId}",
                $"--pid-file={Path.Combine(root, "mysqld.pid")}", $"--log-error={Path.Combine(root, "error.log")}",
                "--skip-name-resolve", "--innodb-log-file-size=8M", "--innodb-buffer-pool-size=32M",
                $"--log-bin={Path.Combine(data, "binlog")}", "--binlog-format=ROW", "--binlog-row-image=FULL",
                "--log-slave-updates", "--gtid-strict-mode=1", "--max-connections=500", $"--tmpdir={tmp}",
                .. options.ExtraArgs,
            ];
            var process = Process.Start(new ProcessStartInfo(mariadbd, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("mariadbd did not start");
            ProcessReaper.Track(process);
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var instance = new TestMariaDb(process, root, port, serverId);
            await instance.WaitUntilReadyAsync(cancellationToken);
            return instance;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                var log = File.Exists(ErrorLogPath) ? await File.ReadAllTextAsync(ErrorLogPath, cancellationToken) : "";
                ProcessReaper.Kill(process);
                TryDelete(RootDirectory);
                throw new InvalidOperationException($"mariadbd exited with code {process.ExitCode} during start:\n{log}");
            }
            try
            {
                await using var connection = await OpenAsync(cancellationToken: cancellationToken);
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    /// Kills the server as a crash would (no clean shutdown), keeping its data directory.
    public void Crash() => ProcessReaper.Kill(process);

    public async ValueTask DisposeAsync()
    {
        ProcessReaper.Kill(process);
        process.Dispose();
        await Task.Yield();
        TryDelete(RootDirectory);
    }

    private static async Task RunToEndAsync(string file, string[] args, string logPath, string tmp, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args)
        {
            Environment = { ["TMPDIR"] = tmp },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{file} did not start");
        ProcessReaper.Track(process);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        ProcessReaper.Kill(process);
        await File.WriteAllTextAsync(logPath, await stdout + await stderr, cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} failed with exit code {process.ExitCode}: {await stderr}");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server: the temp directory is cleaned by the OS later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed record TestMariaDbOptions
{
    /// Fixed server_id (for replication tests); by default each instance gets its own.
    public int? ServerId { get; init; }

    /// More mariadbd options, e.g. "--binlog-row-metadata=FULL".
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}
