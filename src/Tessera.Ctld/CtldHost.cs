using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Ctld.Admin;
using Tessera.Ctld.Grpc;
using Tessera.Ctld.Web;
using Tessera.Topo;
using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Ctld;

// The `tessera ctld` process: the admin API over gRPC (HTTP/2 cleartext on the gRPC port) and
// the web console plus /debug/health on the HTTP port, as vtctld serves them.
public static class CtldHost
{
    public static async Task RunAsync(CtldOptions options, Action<string>? log = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var backend = TopoBackendFactory.Open(options.TopoImplementation, options.TopoGlobalServerAddress, options.TopoGlobalRoot);
        var topo = new TopoServer(backend, options.Cell);
        var admin = new CtldService(topo);
        await RegisterCellAsync(topo, options, ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.ListenAnyIP(options.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            k.ListenAnyIP(options.HttpPort, o => o.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(admin);

        await using var app = builder.Build();
        app.MapGrpcService<CtldGrpcService>();
        app.MapGet("/", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(await CtldConsole.RenderAsync(admin, http.RequestAborted), http.RequestAborted);
        });
        app.MapGet("/debug/health", async (HttpContext http) =>
        {
            // Healthy when the topo answers; that is all ctld needs to do its work.
            try
            {
                await topo.GetKeyspaceNamesAsync(http.RequestAborted);
                await http.Response.WriteAsync("ok", http.RequestAborted);
            }
            catch (TopoException e)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await http.Response.WriteAsync($"topo unavailable: {e.Message}", http.RequestAborted);
            }
        });

        await app.StartAsync(ct);
        log?.Invoke($"ctld: serving gRPC on port {options.GrpcPort}, web on port {options.HttpPort} (cell {options.Cell}, topo {options.TopoImplementation} {options.TopoGlobalRoot})");
        await app.WaitForShutdownAsync(ct);
    }

    // The local example registers its cell before anything else (AddCellInfo); ctld does it for
    // its own cell so GetCellInfoNames lists it on a fresh topo.
    private static async Task RegisterCellAsync(TopoServer topo, CtldOptions options, CancellationToken ct)
    {
        try
        {
            await topo.CreateCellInfoAsync(options.Cell, new CellInfo { ServerAddress = options.TopoGlobalServerAddress, Root = options.TopoGlobalRoot }, ct);
        }
        catch (TopoException e) when (e.Code == TopoErrorCode.NodeExists)
        {
        }
    }
}
