using System.Net;
using System.Text;
using System.Text.Json;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>A raw Engine.IO polling client over HttpClient.</summary>
public sealed class PollingClient
{
    private readonly HttpClient _http;

    private PollingClient(HttpClient http, string sid, JsonElement open)
    {
        _http = http;
        Sid = sid;
        Open = open;
    }

    public string Sid { get; }

    /// <summary>The JSON of the open packet.</summary>
    public JsonElement Open { get; }

    public string Path => $"/socket.io/?EIO=4&transport=polling&sid={Sid}";

    public static async Task<PollingClient> ConnectAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/socket.io/?EIO=4&transport=polling");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"handshake failed: {(int)response.StatusCode} {body}");
        Assert.StartsWith("0{", body);
        var open = JsonDocument.Parse(body[1..]).RootElement.Clone();
        return new PollingClient(http, open.GetProperty("sid").GetString()!, open);
    }

    public async Task<string> GetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.GetAsync(Path, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"poll failed: {(int)response.StatusCode} {body}");
        return body;
    }

    public Task<HttpResponseMessage> GetRawAsync(CancellationToken cancellationToken = default) =>
        _http.GetAsync(Path, cancellationToken);

    public Task<HttpResponseMessage> PostRawAsync(string payload) =>
        _http.PostAsync(Path, new StringContent(payload, Encoding.UTF8, "text/plain"));

    public async Task PostAsync(string payload)
    {
        using var response = await PostRawAsync(payload);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"post failed: {(int)response.StatusCode} {body}");
        Assert.Equal("ok", body);
    }
}
