using System.Diagnostics;

namespace Tessera.Gate.Tests.EndToEnd;

// Runs a real client program (mariadb CLI, python, sysbench) to completion with a deadline; on
// timeout or failure of the test the process is killed by its own pid.
internal static class ClientProcess
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await p.StandardInput.WriteAsync(stdin);
                p.StandardInput.Close();
            }

            using var cts = new CancellationTokenSource(timeout);
            await p.WaitForExitAsync(cts.Token);
            return new Outcome(p.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
        }
    }
}
