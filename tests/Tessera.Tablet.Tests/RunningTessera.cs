using System.Diagnostics;
using System.Text;
using Tessera.Testing;

namespace Tessera.Tablet.Tests;

// A `tessera` command left running (TesseraProcess runs one to its end): its output is collected
// as it comes, a test waits for a line, sends SIGTERM, and waits for the exit code. Disposing kills
// the process by its pid if it is still alive.
internal sealed class RunningTessera : IAsyncDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "tessera.dll");
    private readonly System.Diagnostics.Process process;
    private readonly StringBuilder output = new();
    private readonly Lock outputLock = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningTessera(System.Diagnostics.Process process) => this.process = process;

    public int Pid => process.Id;

    public string Output
    {
        get
        {
            lock (outputLock) return output.ToString();
        }
    }

    public static RunningTessera Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment.Remove("TESSERA_DATAROOT");
        info.Environment.Remove("VTDATAROOT");
        var process = new System.Diagnostics.Process { StartInfo = info, EnableRaisingEvents = true };
        var running = new RunningTessera(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.Exited += (_, _) => running.exited.TrySetResult();
        if (!process.Start()) throw new InvalidOperationException("dotnet did not start");
        ProcessReaper.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (outputLock) output.AppendLine(line);
    }

    // Waits until the output holds `text`; fails early (with the output) if the process exits.
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (exited.Task.IsCompleted)
                throw new InvalidOperationException($"tessera exited ({process.ExitCode}) before printing '{text}':\n{Output}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"tessera did not print '{text}' within {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    // SIGTERM, as an init system or a script stops a server.
    public async Task TerminateAsync()
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await exited.Task.WaitAsync(timeout);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        ProcessReaper.Kill(process);
        await Task.Yield();
        process.Dispose();
    }
}
