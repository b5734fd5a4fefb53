using System.Diagnostics;

namespace Tessera.Testing;

/// Runs the real, built `tessera` (tessera.dll, copied next to the test assembly by its project
/// reference) as a separate process, the way a user or a script does.
public static class TesseraProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "tessera.dll");

    public static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The test host's own data root must not leak into the command under test.
        info.Environment.Remove("TESSERA_DATAROOT");
        info.Environment.Remove("VTDATAROOT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        ProcessReaper.Track(process);
        try
        {
            // Reading to the end also proves the CLI hands no pipe to the server it starts: a
            // mariadbd holding our stdout would keep these reads (and the test) waiting.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new Result(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            ProcessReaper.Kill(process);
        }
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(args, null);
}
