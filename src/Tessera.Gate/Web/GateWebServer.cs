using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tessera.Gate.Executing;

namespace Tessera.Gate.Web;

// The gate's web port (Vitess vtgate: 15001): /debug/status (HTML: tablets, query totals, plan
// cache), /debug/health, /metrics (Prometheus text). Plain ASP.NET Core minimal APIs, as the tablet.
internal sealed class GateWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GateWebServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<GateWebServer> StartAsync(GateOptions options, Executor executor, GrpcTabletGateway gateway, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ExternalLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(new IPEndPoint(options.BindAddress, options.WebPort), o => o.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/debug/status"));
        app.MapGet("/debug/status", () => Results.Content(StatusPage.Render(options, executor, gateway.HealthSnapshot()), "text/html"));
        app.MapGet("/debug/health", () => Results.Text("ok"));
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await context.Response.WriteAsync(executor.Metrics.Render(executor.Plans, gateway.HealthSnapshot()), context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        // Port 0 asks for a free port; the one bound is in the server's addresses.
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GateWebServer(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    // The gate's owner decides when to stop, not the host's own signal handling.
    private sealed class ExternalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
