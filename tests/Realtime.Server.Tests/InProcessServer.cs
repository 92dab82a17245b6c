using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The real host, built by <see cref="ServerApplication"/>, listening on a free port inside the test process.</summary>
public sealed class InProcessServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";
    public const string PodName = "pod-under-test";

    private readonly WebApplication _app;
    private int _disposed;

    private InProcessServer(WebApplication app, int port)
    {
        _app = app;
        Url = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts with a drain window of zero and the test pod name; <paramref name="settings"/> override.</summary>
    public static async Task<InProcessServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null,
        string[]? args = null)
    {
        var port = FreePort.Next();
        var overrides = new Dictionary<string, string?>
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["POD_NAME"] = PodName,
            ["DRAIN_SECONDS"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = ServerApplication.Build(args ?? [], overrides);
        await app.StartAsync();
        return new InProcessServer(app, port);
    }

    /// <summary>Stops the host (its drain runs); a second call, as from a test that stopped the pod itself, does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
