using System.Text.Json.Nodes;
using Realtime.Operator.Hosting;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>The controller against the fake API server: what a user does, and what the cluster then shows.</summary>
public sealed class ControllerScenarioTests : IAsyncLifetime
{
    private const string Minimal = """{"routing":{"host":"chat.example.com"}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;
    private RealtimeOperator _firstOperator = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync(gatewayApiInstalled: true);
        _firstOperator = _harness.StartOperator();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_new_cluster_gets_every_child_and_a_ready_status_from_what_the_cluster_reports()
    {
        await _harness.CreateClusterAsync("chat", Minimal);

        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        Assert.DoesNotContain(_harness.Events("chat"), e => e.Type == "Warning");
        foreach (var (plural, name) in new[]
        {
            ("deployments", "chat"), ("services", "chat"), ("deployments", "chat-redis"), ("services", "chat-redis"),
            ("secrets", "chat-redis-auth"), ("networkpolicies", "chat-redis"), ("poddisruptionbudgets", "chat"), ("ingresses", "chat"),
        })
        {
            var child = _harness.Child(plural, name);
            Assert.True(child is not null, $"{plural}/{name} exists");
            var owner = Assert.Single(child["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal(_harness.Cluster("chat")!["metadata"]!["uid"]!.GetValue<string>(), owner["uid"]!.GetValue<string>());
            Assert.Contains(child["metadata"]!["managedFields"]!.AsArray(), entry => entry!["manager"]!.GetValue<string>() == "realtime-operator");
        }

        var status = _harness.Cluster("chat")!["status"]!;
        Assert.Equal(2, status["readyReplicas"]!.GetValue<int>());
        Assert.Equal(OperatorHarness.IngressAddress, status["routing"]!["address"]!.GetValue<string>());
        Assert.Equal("http://chat.example.com/socket.io/", status["routing"]!["url"]!.GetValue<string>());
        Assert.True(status["redis"]!["ready"]!.GetValue<bool>());
        var types = status["conditions"]!.AsArray().Select(c => c!["type"]!.GetValue<string>()).ToArray();
        Assert.Equal(["Ready", "Available", "Progressing", "Degraded", "RedisReady", "RoutingReady", "ConfigValid"], types);
        Assert.All(status["conditions"]!.AsArray(), c => Assert.Equal(1, c!["observedGeneration"]!.GetValue<long>()));
        Assert.Contains(_harness.Events("chat"), e => e.Reason == "Created" && e.Message == "Created Deployment chat");
        Assert.Contains(_harness.Events("chat"), e => e.Reason == "RoutingReady");
    }

    [Fact]
    public async Task A_spec_edit_updates_the_children_and_is_observed_in_status()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var readySince = _harness.Condition("chat", "Ready")!["lastTransitionTime"]!.GetValue<string>();

        await _harness.PatchSpecAsync("chat", """{"replicas":3}""");

        await Eventually.TrueAsync(() => _harness.IsReady("chat") && _harness.Cluster("chat")!["status"]!["readyReplicas"]!.GetValue<int>() == 3, Timeout, "3 replicas ready at generation 2");
        Assert.Equal(3, _harness.Child("deployments", "chat")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, _harness.Cluster("chat")!["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Contains(_harness.Events("chat"), e => e.Reason == "Scaled" && e.Message.Contains("from 2 to 3", StringComparison.Ordinal));
        Assert.Contains(_harness.Events("chat"), e => e.Reason == "Updated" && e.Message == "Updated Deployment chat");
        var readyCondition = _harness.Condition("chat", "Ready")!;
        Assert.Equal("True", readyCondition["status"]!.GetValue<string>());
        Assert.Equal(2, readyCondition["observedGeneration"]!.GetValue<long>());
        Assert.True(string.CompareOrdinal(readyCondition["lastTransitionTime"]!.GetValue<string>(), readySince) >= 0);
    }

    [Fact]
    public async Task A_scale_made_while_no_operator_ran_is_reported_by_the_next_one()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        await _harness.StopOperatorAsync(_firstOperator);

        await _harness.PatchSpecAsync("chat", """{"replicas":3}""");
        _harness.StartOperator("operator-1");

        await Eventually.TrueAsync(
            () => _harness.Events("chat").Any(e => e.Reason == "Scaled" && e.Message.Contains("from 2 to 3", StringComparison.Ordinal)),
            Timeout,
            "the new operator reports the scale from the status the old one wrote");
    }

    [Fact]
    public async Task A_status_write_does_not_trigger_another_status_write()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var writes = _harness.StatusWrites();
        var reconcilesBefore = _harness.Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get");

        // A resync (every 3 s here) reconciles again; it must find nothing to write.
        await Eventually.TrueAsync(
            () => _harness.Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get") > reconcilesBefore,
            Timeout,
            "another reconcile ran");
        Assert.Equal(writes, _harness.StatusWrites());
    }

    [Fact]
    public async Task A_child_deleted_or_edited_by_hand_is_restored()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");

        _harness.Store.Delete(_harness.Type("services"), OperatorHarness.Namespace, "chat");
        var deployment = _harness.Child("deployments", "chat")!;
        var image = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
        _harness.Store.MergePatch(
            _harness.Type("deployments"),
            OperatorHarness.Namespace,
            "chat",
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"server","image":"evil:latest"}]}}}}""")!.AsObject(),
            "kubectl-edit",
            "");

        await Eventually.TrueAsync(() => _harness.Child("services", "chat") is not null, Timeout, "service restored");
        await Eventually.TrueAsync(
            () => _harness.Child("deployments", "chat")!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>() == image,
            Timeout,
            "image restored");
    }

    [Fact]
    public async Task Switching_the_routing_provider_replaces_the_ingress_with_an_httproute()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.Child("ingresses", "chat") is not null, Timeout, "ingress created");

        await _harness.PatchSpecAsync("chat", """{"routing":{"provider":"GatewayAPI","parentRefs":[{"name":"public","namespace":"gateways"}]}}""");

        await Eventually.TrueAsync(() => _harness.Child("ingresses", "chat") is null && _harness.Child("httproutes", "chat") is not null, Timeout, "ingress replaced by an HTTPRoute");
        await Eventually.TrueAsync(() => _harness.Events("chat").Any(e => e.Reason == "Deleted" && e.Message.StartsWith("Deleted Ingress chat", StringComparison.Ordinal)), Timeout, "deletion reported");
        await Eventually.TrueAsync(() => _harness.Condition("chat", "RoutingReady")?["reason"]?.GetValue<string>() == "AwaitingGateway", Timeout, "routing waits for a gateway");
    }

    [Fact]
    public async Task With_autoscaling_on_an_hpa_exists_and_the_replicas_it_sets_are_left_alone()
    {
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"},"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":10}}""");
        await Eventually.TrueAsync(() => _harness.Child("horizontalpodautoscalers", "chat") is not null && _harness.IsReady("chat"), Timeout, "HPA created and Ready");

        // The HPA scales through the Deployment (as kube-controller-manager does through /scale).
        _harness.Store.MergePatch(_harness.Type("deployments"), OperatorHarness.Namespace, "chat", JsonNode.Parse("""{"spec":{"replicas":7}}""")!.AsObject(), "kube-controller-manager", "");
        var writesAfterScale = _harness.Server.Requests.Count;

        await Eventually.TrueAsync(() => _harness.Cluster("chat")!["status"]!["readyReplicas"]!.GetValue<int>() == 7, Timeout, "status follows the HPA");
        await Eventually.TrueAsync(() => _harness.Server.Requests.Skip(writesAfterScale).Count(r => r.Verb == "patch" && r.Resource == "deployments") >= 2, Timeout, "reconciled again since");
        Assert.Equal(7, _harness.Child("deployments", "chat")!["spec"]!["replicas"]!.GetValue<int>());

        await _harness.PatchSpecAsync("chat", """{"autoscaling":{"enabled":false}}""");
        await Eventually.TrueAsync(() => _harness.Child("horizontalpodautoscalers", "chat") is null, Timeout, "HPA removed when autoscaling is off");
        await Eventually.TrueAsync(() => _harness.Child("deployments", "chat")!["spec"]!["replicas"]!.GetValue<int>() == 2, Timeout, "operator owns replicas again");
    }

    [Fact]
    public async Task A_missing_secret_sets_config_valid_false_warns_and_recovers_when_it_appears()
    {
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"},"socketio":{"apiTokenSecretRef":{"name":"publish-token"}}}""");

        await Eventually.TrueAsync(() => _harness.ConditionStatus("chat", "ConfigValid") == "False", Timeout, "ConfigValid False");
        Assert.Equal("SecretNotFound", _harness.Condition("chat", "ConfigValid")!["reason"]!.GetValue<string>());
        Assert.Contains("publish-token", _harness.Condition("chat", "ConfigValid")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("False", _harness.ConditionStatus("chat", "Ready"));
        await Eventually.TrueAsync(() => _harness.Child("deployments", "chat") is not null, Timeout, "the rest still reconciled");
        await Eventually.TrueAsync(() => _harness.Events("chat").Any(e => e is { Type: "Warning", Reason: "SecretNotFound", Count: > 1 }), Timeout, "the warning repeats as one aggregated event");

        _harness.Store.Create(_harness.Type("secrets"), OperatorHarness.Namespace, JsonNode.Parse("""{"metadata":{"name":"publish-token"},"stringData":{"token":"t0ken"}}""")!.AsObject(), "kubectl");

        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "Ready once the Secret exists (retried with backoff)");
        Assert.Equal("True", _harness.ConditionStatus("chat", "ConfigValid"));
    }

    [Fact]
    public async Task An_invalid_spec_is_reported_in_conditions_and_events_without_touching_children()
    {
        await _harness.CreateClusterAsync("chat", """{"replicas":3,"redis":{"mode":"None"},"routing":{"host":"chat.example.com"}}""");

        await Eventually.TrueAsync(() => _harness.ConditionStatus("chat", "ConfigValid") == "False", Timeout, "ConfigValid False");
        Assert.Equal("InvalidSpec", _harness.Condition("chat", "ConfigValid")!["reason"]!.GetValue<string>());
        Assert.Contains(_harness.Events("chat"), e => e is { Type: "Warning", Reason: "InvalidSpec" });
        Assert.Null(_harness.Child("deployments", "chat"));
    }

    [Fact]
    public async Task The_redis_password_is_generated_once_and_kept()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var password = _harness.Child("secrets", "chat-redis-auth")!["data"]!["password"]!.GetValue<string>();

        await _harness.PatchSpecAsync("chat", """{"replicas":3}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && _harness.Cluster("chat")!["status"]!["observedGeneration"]!.GetValue<long>() == 2, Timeout, "reconciled again");

        Assert.Equal(password, _harness.Child("secrets", "chat-redis-auth")!["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_redis_still_starting_is_a_condition_and_no_warning_and_one_that_was_ready_is_a_warning()
    {
        _harness.UnreadyDeployments.Add("chat-redis");
        await _harness.CreateClusterAsync("chat", Minimal);

        await Eventually.TrueAsync(() => _harness.ConditionStatus("chat", "RedisReady") == "False" && _harness.ConditionStatus("chat", "Available") == "True", Timeout, "RedisReady False");
        Assert.Equal("RedisNotReady", _harness.Condition("chat", "Ready")!["reason"]!.GetValue<string>());
        Assert.Equal("RedisUnavailable", _harness.Condition("chat", "Degraded")!["reason"]!.GetValue<string>());
        var reconciles = _harness.Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get");
        await Eventually.TrueAsync(() => _harness.Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get") > reconciles, Timeout, "reconciled again while Redis starts");
        Assert.DoesNotContain(_harness.Events("chat"), e => e.Reason == "RedisUnavailable");

        _harness.UnreadyDeployments.Remove("chat-redis");
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "Ready once Redis is");

        _harness.UnreadyDeployments.Add("chat-redis");
        await Eventually.TrueAsync(() => _harness.Events("chat").Any(e => e is { Type: "Warning", Reason: "RedisUnavailable" }), Timeout, "a Redis that was ready and went away is a warning at once");
    }

    [Fact]
    public async Task Api_errors_and_dropped_watches_are_retried_until_the_cluster_converges()
    {
        _harness.Server.Faults.Fail(6, 500, request => request.Verb == "patch");
        _harness.Server.Faults.Delay(3, TimeSpan.FromMilliseconds(300), request => request.Verb == "get");
        await _harness.CreateClusterAsync("chat", Minimal);
        _harness.Store.DropWatches();

        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "converged despite faults");
        _harness.Store.DropWatches();
        _harness.Store.Compact();
        await _harness.PatchSpecAsync("chat", """{"replicas":4}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && _harness.Cluster("chat")!["status"]!["readyReplicas"]!.GetValue<int>() == 4, Timeout, "converged after watches were dropped and history compacted");
    }
}
