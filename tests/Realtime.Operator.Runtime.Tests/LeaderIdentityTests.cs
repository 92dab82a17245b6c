using Realtime.Operator.Runtime.Leadership;

namespace Realtime.Operator.Runtime.Tests;

public sealed class LeaderIdentityTests
{
    [Fact]
    public void The_pod_name_is_the_identity_when_it_is_set() =>
        Assert.Equal("realtime-operator-7d9f-abcde", LeaderIdentity.Resolve("realtime-operator-7d9f-abcde", "node-1"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_pod_name_two_processes_on_one_host_get_different_identities_that_name_the_host(string? podName)
    {
        var first = LeaderIdentity.Resolve(podName, "laptop");
        var second = LeaderIdentity.Resolve(podName, "laptop");

        Assert.StartsWith("laptop_", first, StringComparison.Ordinal);
        Assert.StartsWith("laptop_", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }
}
