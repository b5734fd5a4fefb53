using System.Diagnostics;

namespace Tessera.Mysqlctl;

/// Runs a short-lived MariaDB tool (mariadb-install-db, mariadb, mariadb-admin) to its end and
/// captures what it printed.
internal static class ProcessRunner
{
    internal readonly record struct Result(int ExitCode, string Stdout, string Stderr)
    {
        /// The first non-empty line of stderr (or stdout): what a one-line error should quote.
        public string FirstErrorLine =>
            (Stderr + "\n" + Stdout).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {ExitCode}";
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, string? stdin, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new MysqlctlException($"{file} did not start");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(cancellationToken);
            return new Result(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            // Cancelled: the tool is ours and must not outlive the operation.
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
