using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Records the API calls the operator really makes through a full life cycle, so the chart's RBAC can be derived
/// from behaviour and checked against it.
/// </summary>
public sealed class RbacDerivationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private OperatorHarness harness = null!;

    public async Task InitializeAsync() => harness = await OperatorHarness.StartAsync(gatewayApiInstalled: true);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task The_operator_uses_only_the_expected_verbs_on_the_expected_resources()
    {
        harness.StartOperator(leaderElection: true);
        await harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"},"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":4},"socketio":{"apiTokenSecretRef":{"name":"missing"}}}""");
        await Eventually.TrueAsync(() => harness.Child("horizontalpodautoscalers", "chat") is not null, TimeSpan.FromSeconds(8), "children applied");
        await harness.PatchSpecAsync("chat", """{"autoscaling":{"enabled":false},"routing":{"provider":"GatewayAPI","parentRefs":[{"name":"public","namespace":"gateways"}]}}""");
        await Eventually.TrueAsync(() => harness.Child("ingresses", "chat") is null && harness.Child("horizontalpodautoscalers", "chat") is null, TimeSpan.FromSeconds(8), "children pruned");

        var rules = RbacRules.From(harness.Server.Requests.Where(r => r.FieldManager != "kubectl"));
        foreach (var rule in rules)
        {
            output.WriteLine(rule.ToString());
        }

        Assert.Equal(RbacRules.Expected, rules);
    }
}
