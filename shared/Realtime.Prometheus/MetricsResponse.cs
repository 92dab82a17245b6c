using System.Text;
using Microsoft.AspNetCore.Http;

namespace Realtime.Prometheus;

/// <summary>One /metrics answer, the same in every host: the process statistics, then the meters.</summary>
public static class MetricsResponse
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task WriteAsync(HttpContext context, ProcessStatistics process, MeterExporter meters)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(meters);
        context.Response.ContentType = ContentType;
        using var processText = new MemoryStream();
        await process.WriteToAsync(processText, context.RequestAborted);
        var meterText = new StringBuilder();
        meters.WriteTo(meterText);
        await context.Response.Body.WriteAsync(processText.GetBuffer().AsMemory(0, (int)processText.Length), context.RequestAborted);
        await context.Response.WriteAsync(meterText.ToString(), context.RequestAborted);
    }
}
