using Realtime.Server.Api;

namespace Realtime.Server.Tests;

public class BearerTokenTests
{
    private readonly BearerToken _token = new("0123456789abcdef-token");

    [Theory]
    [InlineData("Bearer 0123456789abcdef-token", true)]
    [InlineData("bearer 0123456789abcdef-token", true)]
    [InlineData("Bearer 0123456789abcdef-tokeN", false)]
    [InlineData("Bearer 0123456789abcdef-token-longer", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic 0123456789abcdef-token", false)]
    [InlineData("0123456789abcdef-token", false)]
    [InlineData(null, false)]
    public void Only_the_exact_bearer_token_matches(string? header, bool expected) =>
        Assert.Equal(expected, _token.Matches(header));
}
