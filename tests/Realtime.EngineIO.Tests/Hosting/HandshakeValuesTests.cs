namespace Realtime.EngineIO.Tests.Hosting;

public class HandshakeValuesTests
{
    private static HandshakeValues Headers(params (string Key, string Value)[] entries) =>
        new(entries.Length, entries.Select(e => KeyValuePair.Create(e.Key, e.Value)), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void Looks_up_with_its_comparer_and_keeps_the_request_order()
    {
        var headers = Headers(("host", "example.test"), ("origin", "https://app.test"));

        Assert.Equal(2, headers.Count);
        Assert.Equal("https://app.test", headers["Origin"]);
        Assert.True(headers.TryGetValue("HOST", out var host));
        Assert.Equal("example.test", host);
        Assert.False(headers.ContainsKey("cookie"));
        Assert.Equal(["host", "origin"], headers.Keys);
        Assert.Equal(["example.test", "https://app.test"], headers.Values);
        Assert.Equal(KeyValuePair.Create("origin", "https://app.test"), headers.Last());
    }

    [Fact]
    public void An_empty_handshake_has_nothing_to_find()
    {
        var headers = Headers();

        Assert.Empty(headers);
        Assert.False(headers.TryGetValue("host", out _));
        Assert.Throws<KeyNotFoundException>(() => headers["host"]);
    }

    [Fact]
    public void Common_header_names_are_lower_cased_to_one_shared_string()
    {
        var first = LowerCaseHeaderNames.Of("User-Agent");

        Assert.Equal("user-agent", first);
        Assert.Same(first, LowerCaseHeaderNames.Of(new string("USER-AGENT".AsSpan())));
        Assert.Equal("x-tenant", LowerCaseHeaderNames.Of("X-Tenant"));
    }
}
