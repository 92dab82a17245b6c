using System.Net;
using System.Text.Json;

namespace Realtime.EngineIO.Tests.Support;

public static class ErrorAssert
{
    /// <summary>Asserts the exact error answer of the Node server: status, JSON content type and body.</summary>
    public static async Task IsAsync(HttpResponseMessage response, HttpStatusCode status, int code, string message)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonSerializer.Serialize(new { code, message }), body);
    }
}
