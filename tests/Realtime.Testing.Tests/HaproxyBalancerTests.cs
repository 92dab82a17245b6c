using System.Net;

namespace Realtime.Testing.Tests;

public sealed class HaproxyBalancerTests
{
    [Fact]
    public async Task Sticky_mode_pins_a_client_to_the_backend_named_in_its_cookie()
    {
        await using var backends = await NamedBackends.StartAsync(3);
        await using var proxy = await HaproxyBalancer.StartAsync(backends.Ports, BalancingMode.StickyCookie);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = proxy.Url };

        var first = await client.GetAsync(new Uri("/", UriKind.Relative));
        var pinned = await first.Content.ReadAsStringAsync();
        var cookie = handler.CookieContainer.GetCookies(proxy.Url)[HaproxyBalancer.CookieName];

        Assert.NotNull(cookie);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(pinned, await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        }
    }

    [Fact]
    public async Task Round_robin_mode_spreads_one_client_over_every_backend()
    {
        await using var backends = await NamedBackends.StartAsync(3);
        await using var proxy = await HaproxyBalancer.StartAsync(backends.Ports, BalancingMode.RoundRobin);
        using var client = new HttpClient { BaseAddress = proxy.Url };

        var seen = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            seen.Add(await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        }

        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public async Task Sticky_mode_moves_a_client_when_its_backend_dies()
    {
        await using var backends = await NamedBackends.StartAsync(2);
        await using var proxy = await HaproxyBalancer.StartAsync(backends.Ports, BalancingMode.StickyCookie);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = proxy.Url };
        var pinned = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        backends.Stop(pinned);

        await Eventually.TrueAsync(async () =>
        {
            var response = await client.GetAsync(new Uri("/", UriKind.Relative));
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() != pinned;
        }, TimeSpan.FromSeconds(8), "the client is served by the surviving backend");
    }
}
