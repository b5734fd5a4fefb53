using System.Text;

namespace Tessera.Mysqlctl;

/// One tablet's MariaDB instance, as Vitess's mysqlctl.Mysqld: initialise it (install the data
/// directory, start, create the users and the _vt database), start it detached, shut it down
/// cleanly, tear it down. Every operation is idempotent and says (by its bool) whether it did
/// anything. State is read from the files each time (pid file, /proc), so several processes —
/// the CLI now, the tablet later — can manage one instance.
public sealed class Mysqld
{
    /// As Vitess's --wait_time default for shutdown.
    public static readonly TimeSpan DefaultShutdownWait = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultStartWait = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public Mysqld(Mycnf mycnf) => Mycnf = mycnf;

    public Mycnf Mycnf { get; }

    /// The instance of tablet <paramref name="tabletUid"/> under <paramref name="dataRoot"/>. Once
    /// initialised, the port is the one in its my.cnf; a different explicit port is an error
    /// rather than silently ignored.
    public static Mysqld ForTablet(long tabletUid, string? dataRoot = null, int? port = null)
    {
        var mycnf = Mycnf.ForTablet(tabletUid, dataRoot, port);
        if (File.Exists(mycnf.MycnfFile) && MycnfGenerator.ReadPort(File.ReadAllText(mycnf.MycnfFile)) is { } existing && existing != mycnf.Port)
        {
            if (port is not null)
                throw new MysqlctlException($"tablet {tabletUid} was initialised with port {existing} (in {mycnf.MycnfFile}), not {port}; teardown and init again to change it");
            mycnf = mycnf with { Port = existing };
        }
        return new Mysqld(mycnf);
    }

    /// init has completed: the data directory holds the _vt database, which init creates last.
    public bool IsInitialized => Directory.Exists(Path.Combine(Mycnf.DataDir, "_vt"));

    /// The pid of this instance's running mariadbd, or null.
    public int? ProcessId =>
        ProcessTable.ReadPidFile(Mycnf.PidFile) is { } pid && ProcessTable.IsMariadbdOf(pid, Mycnf.MycnfFile) ? pid : null;

    public bool IsRunning => ProcessId is not null;

    public MysqldStatus Status()
    {
        var pid = ProcessId;
        return new MysqldStatus(Mycnf.TabletUid, IsInitialized, pid is not null, pid, Mycnf.Port, Mycnf.SocketFile, Mycnf.TabletDir);
    }

    /// Creates the instance and leaves it running, as Vitess's `mysqlctl init` does. False (and
    /// nothing touched) when it is already initialised.
    public async Task<bool> InitAsync(TimeSpan? startWait = null, CancellationToken cancellationToken = default)
    {
        if (IsInitialized) return false;
        if (Directory.Exists(Mycnf.DataDir) && Directory.EnumerateFileSystemEntries(Mycnf.DataDir).Any())
            throw new MysqlctlException($"{Mycnf.DataDir} exists but init did not finish there; run teardown, then init again");

        var installDb = MariaDbBinaries.InstallDb;
        _ = MariaDbBinaries.Mariadbd;
        _ = MariaDbBinaries.Client;

        foreach (var dir in new[] { Mycnf.TabletDir, Mycnf.TmpDir, Mycnf.BinLogDir, Mycnf.RelayLogDir }) Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Mycnf.MycnfFile, MycnfGenerator.Generate(Mycnf), cancellationToken);

        // --defaults-file must come first; root without a password over the socket is what the
        // init script below runs as (it then drops every root account not on localhost).
        var install = await ProcessRunner.RunAsync(installDb,
            [$"--defaults-file={Mycnf.MycnfFile}", "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"],
            stdin: null, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Mycnf.TabletDir, "install-db.log"), install.Stdout + install.Stderr, cancellationToken);
        if (install.ExitCode != 0)
            throw new MysqlctlException($"mariadb-install-db failed for tablet {Mycnf.TabletUid} (see {Mycnf.TabletDir}/install-db.log): {install.FirstErrorLine}");

        await StartAsync(startWait, cancellationToken);
        try
        {
            var insecure = await ExecuteAsync(InitDbSql.ListInsecureUsers, "root", cancellationToken);
            var drops = new StringBuilder("SET sql_log_bin = 0;\n");
            foreach (var account in insecure.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                drops.Append("DROP USER IF EXISTS ").Append(account).Append(";\n");
            await ExecuteAsync(drops.ToString(), "root", cancellationToken);
            await ExecuteAsync(InitDbSql.Script, "root", cancellationToken);
        }
        catch
        {
            // A half-initialised server must not be left running behind the caller's back.
            await ShutdownAsync(cancellationToken: CancellationToken.None);
            throw;
        }
        return true;
    }

    /// Starts mariadbd detached and waits until it answers on its socket. False when it was
    /// already running.
    public async Task<bool> StartAsync(TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Mycnf.MycnfFile) || !Directory.Exists(Path.Combine(Mycnf.DataDir, "mysql")))
            throw new MysqlctlException($"tablet {Mycnf.TabletUid} is not initialised in {Mycnf.TabletDir}; run init first");
        if (IsRunning) return false;

        var mariadbd = MariaDbBinaries.Mariadbd;
        Directory.CreateDirectory(Mycnf.TmpDir);
        var logStart = File.Exists(Mycnf.ErrorLogPath) ? new FileInfo(Mycnf.ErrorLogPath).Length : 0;
        // Not disposed on purpose: while .NET tracks the child it reaps it when it exits, so a
        // server stopped later from this process does not linger as a zombie.
        var process = DetachedLauncher.Start(mariadbd, [$"--defaults-file={Mycnf.MycnfFile}"], Mycnf.ErrorLogPath);
        var deadline = DateTime.UtcNow + (wait ?? DefaultStartWait);
        while (true)
        {
            if (process.HasExited)
                throw new MysqlctlException($"mariadbd for tablet {Mycnf.TabletUid} exited during start (code {process.ExitCode}): {LastError(logStart)}");
            if (await SocketProbe.AnswersAsync(Mycnf.SocketFile, cancellationToken) && ProcessId is not null) return true;
            if (DateTime.UtcNow > deadline)
            {
                process.Kill();
                throw new MysqlctlException($"mariadbd for tablet {Mycnf.TabletUid} did not answer on {Mycnf.SocketFile} within {(wait ?? DefaultStartWait).TotalSeconds:0}s; killed it (see {Mycnf.ErrorLogPath})");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// Shuts the server down cleanly (mariadb-admin shutdown as vt_dba over the socket, as root if
    /// vt_dba cannot log in, SIGTERM — which mariadbd treats the same — if neither can) and waits
    /// until the process has gone. False when it was not running.
    public async Task<bool> ShutdownAsync(TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        if (ProcessId is not { } pid) return false;
        var startTime = ProcessTable.LiveStartTime(pid);
        var limit = wait ?? DefaultShutdownWait;
        var deadline = DateTime.UtcNow + limit;
        var admin = MariaDbBinaries.TryFind("mariadb-admin");
        var asked = false;
        if (admin is not null)
        {
            foreach (var user in new[] { "vt_dba", "root" })
            {
                var result = await ProcessRunner.RunAsync(admin,
                    ["--no-defaults", $"--socket={Mycnf.SocketFile}", $"--user={user}", "--connect-timeout=5",
                     $"--shutdown-timeout={Math.Max(1, (int)limit.TotalSeconds)}", "shutdown"], stdin: null, cancellationToken);
                asked = result.ExitCode == 0;
                // Only a refused login is worth another user; any other failure goes to SIGTERM.
                if (asked || !result.Stderr.Contains("Access denied", StringComparison.Ordinal)) break;
            }
        }
        if (!asked && ProcessTable.IsMariadbdOf(pid, Mycnf.MycnfFile) && !ProcessTable.Terminate(pid) && ProcessTable.IsMariadbdOf(pid, Mycnf.MycnfFile))
            throw new MysqlctlException($"could not ask mariadbd (pid {pid}) of tablet {Mycnf.TabletUid} to shut down");

        while (startTime is not null && ProcessTable.LiveStartTime(pid) == startTime)
        {
            if (DateTime.UtcNow > deadline)
                throw new MysqlctlException($"mariadbd (pid {pid}) of tablet {Mycnf.TabletUid} did not stop within {limit.TotalSeconds:0}s (see {Mycnf.ErrorLogPath})");
            await Task.Delay(PollInterval, cancellationToken);
        }
        return true;
    }

    /// Shuts the server down if it runs, then removes its whole directory. False when there was
    /// no directory.
    public async Task<bool> TeardownAsync(TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        await ShutdownAsync(wait, cancellationToken);
        if (!Directory.Exists(Mycnf.TabletDir)) return false;
        Directory.Delete(Mycnf.TabletDir, recursive: true);
        return true;
    }

    /// Runs SQL with the mariadb client over the socket (as Vitess's mysqlctl runs its mysql
    /// client) and returns its batch output: rows as lines, columns tab-separated, no header.
    public async Task<string> ExecuteAsync(string sql, string user = "vt_dba", CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(MariaDbBinaries.Client,
            ["--no-defaults", $"--socket={Mycnf.SocketFile}", $"--user={user}", "--batch", "--skip-column-names"], sql, cancellationToken);
        if (result.ExitCode != 0)
            throw new MysqlctlException($"SQL as {user} on tablet {Mycnf.TabletUid} failed: {result.FirstErrorLine}");
        return result.Stdout;
    }

    /// Runs one query with the mariadb client and returns its rows by column name (batch output
    /// with a header line; NULL reads as "NULL", tabs and newlines inside values stay escaped).
    internal async Task<List<Dictionary<string, string>>> QueryAsync(string sql, string user = "vt_dba", CancellationToken cancellationToken = default)
    {
        var result = await ProcessRunner.RunAsync(MariaDbBinaries.Client,
            ["--no-defaults", $"--socket={Mycnf.SocketFile}", $"--user={user}", "--batch"], sql, cancellationToken);
        if (result.ExitCode != 0)
            throw new MysqlctlException($"SQL as {user} on tablet {Mycnf.TabletUid} failed: {result.FirstErrorLine}");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0) return [];
        var header = lines[0].Split('\t');
        return lines.Skip(1)
            .Select(line => line.Split('\t'))
            .Select(values => header.Zip(values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal))
            .ToList();
    }

    /// The first [ERROR] line mariadbd wrote since <paramref name="from"/> (the cause; the last one
    /// is only "Aborting"), without its timestamp, for a one-line message.
    private string LastError(long from)
    {
        try
        {
            using var stream = new FileStream(Mycnf.ErrorLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(from, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var error = lines.FirstOrDefault(l => l.Contains("[ERROR]", StringComparison.Ordinal));
            if (error is null) return lines.LastOrDefault() ?? $"see {Mycnf.ErrorLogPath}";
            return error[(error.IndexOf("[ERROR]", StringComparison.Ordinal) + "[ERROR]".Length)..].Trim() + $" (see {Mycnf.ErrorLogPath})";
        }
        catch (IOException)
        {
            return $"see {Mycnf.ErrorLogPath}";
        }
    }
}
