using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// Where the server listens and which appsettings it reads: the standard ASP.NET Core endpoint settings are
/// honoured (a harness asking for loopback gets loopback), <c>PORT</c> on every interface otherwise; the app's own
/// appsettings.json is read wherever the binary is started from.
/// </summary>
public class HostingTests
{
    // Every 127.x address reaches the loopback interface: a listener bound to 127.0.0.1 only refuses 127.0.0.2.
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");

    [Fact]
    public async Task Without_endpoint_settings_the_server_listens_on_PORT_on_every_interface()
    {
        await using var server = await InProcessServer.StartAsync();

        Assert.True(await AcceptsAsync(IPAddress.Loopback, server.Url.Port));
        Assert.True(await AcceptsAsync(OtherLoopback, server.Url.Port));
    }

    [Fact]
    public async Task The_urls_argument_replaces_PORT()
    {
        var port = FreePort.Next();
        await using var server = await InProcessServer.StartAsync(args: ["--urls", $"http://127.0.0.1:{port}"]);

        Assert.True(await AcceptsAsync(IPAddress.Loopback, port));
        Assert.False(await AcceptsAsync(OtherLoopback, port), "bound beyond the loopback address asked for");
        Assert.False(await AcceptsAsync(IPAddress.Loopback, server.Url.Port), "PORT was bound as well");
    }

    [Fact]
    public async Task A_Kestrel_endpoints_section_replaces_PORT()
    {
        var port = FreePort.Next();
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Main:Url"] = $"http://127.0.0.1:{port}",
        });

        Assert.True(await AcceptsAsync(IPAddress.Loopback, port));
        Assert.False(await AcceptsAsync(OtherLoopback, port));
        Assert.False(await AcceptsAsync(IPAddress.Loopback, server.Url.Port));
    }

    /// <summary>
    /// What Kestrel reads from a socket ahead of the app is per connection, outside the server's byte budget: 1 MiB by
    /// default, so a thousand clients whose readers wait for the budget could make it hold a gigabyte. The bundled
    /// appsettings.json lowers it to 64 KiB (frames and bodies past it wait in the client's TCP window); the standard
    /// Kestrel setting still overrides it.
    /// </summary>
    [Fact]
    public async Task Kestrel_reads_at_most_64_KiB_ahead_per_connection_unless_configured()
    {
        await using (var server = await InProcessServer.StartAsync())
        {
            Assert.Equal(64 * 1024, KestrelLimits(server).MaxRequestBufferSize);
        }

        await using var configured = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxRequestBufferSize"] = "1048576",
        });
        Assert.Equal(1024 * 1024, KestrelLimits(configured).MaxRequestBufferSize);
    }

    /// <summary>
    /// Started from another directory with ASPNETCORE_URLS: it binds only that address, and the bundled
    /// appsettings.json still silences the per-request hosting logs (read from the working directory, it was not
    /// found and every request logged two Information lines).
    /// </summary>
    [Fact]
    public async Task Started_elsewhere_it_honours_ASPNETCORE_URLS_and_reads_its_own_appsettings()
    {
        var port = FreePort.Next();
        var elsewhere = Directory.CreateTempSubdirectory("realtime-server-cwd-");
        try
        {
            await using var process = ServerProcess.Start(FreePort.Next(), new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Logging__LogLevel__Default"] = "Information",
            }, elsewhere.FullName);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.TrueAsync(async () => await IsLiveAsync(http), TimeSpan.FromSeconds(20), "the server is live");
            Assert.False(await AcceptsAsync(OtherLoopback, port));

            await process.TerminateAsync(TimeSpan.FromSeconds(20));

            Assert.Contains($"Now listening on: http://127.0.0.1:{port}", process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Request starting", process.Output, StringComparison.Ordinal);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }
    }

    private static async Task<bool> IsLiveAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/healthz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static KestrelServerLimits KestrelLimits(InProcessServer server) =>
        server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
}
