using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Realtime.Server.Tests;

public class EmitApiTests
{
    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> PostAsync(InProcessServer server,
        string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/emit")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static string Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;

    [Fact]
    public async Task Without_a_configured_token_the_api_is_disabled()
    {
        await using var server = await InProcessServer.StartAsync();

        var (status, body, _) = await PostAsync(server, """{"event":"x"}""", InProcessServer.Token);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("disabled", Error(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    [InlineData("")]
    public async Task A_missing_or_wrong_token_is_unauthorized(string? token)
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["API_TOKEN"] = InProcessServer.Token });

        var (status, body, response) = await PostAsync(server, """{"event":"x"}""", token);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("bearer token", Error(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"event":"disconnect"}""", "reserved")]
    [InlineData("""{"event":"x","room":""}""", "room must be")]
    [InlineData("""{"event":"x","namespace":"/elsewhere"}""", "unknown namespace '/elsewhere'")]
    [InlineData("""{"data":1}""", "'event' is required")]
    public async Task Bad_requests_get_400_with_the_reason(string request, string reason)
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["API_TOKEN"] = InProcessServer.Token });

        var (status, body, _) = await PostAsync(server, request, InProcessServer.Token);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, Error(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_buffer_limit_is_refused_with_413()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["API_TOKEN"] = InProcessServer.Token,
            ["MAX_HTTP_BUFFER_SIZE"] = "2048",
        });

        var (status, body, _) = await PostAsync(server, $$"""{"event":"x","data":"{{new string('y', 4096)}}"}""", InProcessServer.Token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("MAX_HTTP_BUFFER_SIZE", Error(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_token_is_accepted()
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["API_TOKEN"] = InProcessServer.Token });

        var (status, body, _) = await PostAsync(server, """{"event":"news","data":{"a":1},"rooms":["r1","r2"]}""", InProcessServer.Token);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("""{"ok":true}""", body);
    }
}
