using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tessera.Testing;

namespace Tessera.Ctld.Tests.EndToEnd;

// A real `tessera ctld` process on free ports with a file topo under a temp directory, and real
// `tessera ctl` processes against it. Disposing stops ctld by its pid and removes the directory.
internal sealed class CtldProcess : IAsyncDisposable
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "tessera.dll");

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private CtldProcess(Process process, string root, int grpcPort, int httpPort)
    {
        _process = process;
        Root = root;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public string Root { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<CtldProcess> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("tessera-ctld-").FullName;
        var grpcPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var info = Start("ctld", "--topo-implementation", "file", "--topo-global-root", Path.Combine(root, "topo"),
            "--cell", "zone1", "--grpc-port", Port(grpcPort), "--port", Port(httpPort));
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        ProcessReaper.Track(process);
        var ctld = new CtldProcess(process, root, grpcPort, httpPort);
        process.OutputDataReceived += (_, e) => ctld.Append(e.Data);
        process.ErrorDataReceived += (_, e) => ctld.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ctld.WaitHealthyAsync(TimeSpan.FromSeconds(60));
            return ctld;
        }
        catch
        {
            await ctld.DisposeAsync();
            throw;
        }
    }

    public async Task<string> GetHttpAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{HttpPort}{path}"));
    }

    // `tessera ctl --server localhost:<grpc> <args>` as a separate process.
    public async Task<Result> CtlAsync(params string[] args)
    {
        var info = Start(["ctl", "--server", $"localhost:{Port(GrpcPort)}", .. args]);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        ProcessReaper.Track(process);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
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

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        ProcessReaper.Kill(_process);
        _process.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitHealthyAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"ctld exited with {_process.ExitCode}: {Output}");
            try
            {
                if (await GetHttpAsync("/debug/health") == "ok")
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"ctld did not become healthy within {limit}: {Output}");
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private static ProcessStartInfo Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        return info;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
