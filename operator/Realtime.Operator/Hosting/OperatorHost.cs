using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Realtime.Operator.Hosting;

/// <summary>Runs the operator process: the health and metrics listener and the controller.</summary>
public static class OperatorHost
{
    public static async Task RunAsync(OperatorOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.MetricsAddress}:{options.MetricsPort}");
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        await app.RunAsync(cancellationToken);
    }
}
