using System.Text.Json.Nodes;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Records the API calls the operator really makes through a full life cycle, so the chart's RBAC can be derived
/// from behaviour and checked against it.
/// </summary>
public sealed class RbacDerivationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await OperatorHarness.StartAsync(gatewayApiInstalled: true);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task The_operator_uses_only_the_expected_verbs_on_the_expected_resources()
    {
        _harness.StartOperator(leaderElection: true);
        // The user's writes go straight to the store, so that every recorded request is the operator's.
        _harness.Store.Create(OperatorHarness.RealtimeClusters, OperatorHarness.Namespace, Json("""{"metadata":{"name":"chat"},"spec":{"routing":{"host":"chat.example.com"},"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":4},"socketio":{"apiTokenSecretRef":{"name":"missing"}}}}"""), "kubectl");
        await Eventually.TrueAsync(() => _harness.Child("horizontalpodautoscalers", "chat") is not null, TimeSpan.FromSeconds(15), "children applied");
        _harness.Store.MergePatch(OperatorHarness.RealtimeClusters, OperatorHarness.Namespace, "chat", Json("""{"spec":{"autoscaling":{"enabled":false},"routing":{"provider":"GatewayAPI","parentRefs":[{"name":"public","namespace":"gateways"}]}}}"""), "kubectl", "");
        await Eventually.TrueAsync(() => _harness.Child("ingresses", "chat") is null && _harness.Child("horizontalpodautoscalers", "chat") is null, TimeSpan.FromSeconds(15), "children pruned");

        var rules = RbacRules.From(_harness.Server.Requests);
        foreach (var rule in rules)
        {
            output.WriteLine(rule.ToString());
        }

        Assert.Empty(RbacRules.NotGranted(rules, RbacRules.Expected));
        Assert.Contains(rules, rule => rule.Resource == "realtimeclusters/status" && rule.Verbs == "patch");
        Assert.Contains(rules, rule => rule.Resource == "leases");
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
