using System.Text.Json.Nodes;
using Realtime.FakeKubeApi;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>
/// The stand-in kubelet's StatefulSet status follows the StatefulSet controller (pkg/controller/statefulset/
/// stateful_set_control.go): counts of ready and available pods, and the current revision that catches up with the
/// update revision only once every pod is updated and ready.
/// </summary>
public sealed class KubeletStandInStatefulSetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reports_ready_pods_and_moves_the_current_revision_only_when_every_pod_is_ready()
    {
        var store = new ObjectStore();
        var statefulSets = store.Types.Single(type => type.Plural == "statefulsets");
        store.Create(statefulSets, "apps", StatefulSet("v1"), "test");
        var kubelet = new KubeletStandIn(store, TimeSpan.FromMilliseconds(20));
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => kubelet.RunAsync(stop.Token));
        JsonNode? Status() => store.Get(statefulSets, "apps", "redis")["status"];

        await Eventually.TrueAsync(() => Status()?["readyReplicas"]?.GetValue<int>() == 3, Timeout, "three ready");
        var first = Status()!["currentRevision"]!.GetValue<string>();
        Assert.Equal(first, Status()!["updateRevision"]!.GetValue<string>());
        Assert.StartsWith("redis-", first, StringComparison.Ordinal);
        Assert.Equal((3, 3, 3, 1L), (Status()!["availableReplicas"]!.GetValue<int>(), Status()!["currentReplicas"]!.GetValue<int>(), Status()!["updatedReplicas"]!.GetValue<int>(), Status()!["observedGeneration"]!.GetValue<long>()));

        kubelet.UnreadyStatefulSetPods["redis"] = 1;
        store.MergePatch(statefulSets, "apps", "redis", JsonNode.Parse("""{"spec":{"template":{"metadata":{"labels":{"version":"v2"}}}}}""")!.AsObject(), "test", "");
        await Eventually.TrueAsync(() => Status()?["observedGeneration"]?.GetValue<long>() == 2, Timeout, "generation 2 observed");
        Assert.Equal(2, Status()!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(first, Status()!["currentRevision"]!.GetValue<string>());
        Assert.NotEqual(first, Status()!["updateRevision"]!.GetValue<string>());
        Assert.Equal(0, Status()!["currentReplicas"]!.GetValue<int>());

        kubelet.UnreadyStatefulSetPods.TryRemove("redis", out _);
        await Eventually.TrueAsync(() => Status()?["readyReplicas"]?.GetValue<int>() == 3, Timeout, "three ready again");
        Assert.Equal(Status()!["updateRevision"]!.GetValue<string>(), Status()!["currentRevision"]!.GetValue<string>());

        await stop.CancelAsync();
        await running;
    }

    private static JsonObject StatefulSet(string version) => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"redis","namespace":"apps"},
         "spec":{"replicas":3,"serviceName":"redis","selector":{"matchLabels":{"app":"redis"}},
                 "template":{"metadata":{"labels":{"app":"redis","version":"VERSION"}},"spec":{"containers":[{"name":"redis","image":"redis"}]}}}}
        """.Replace("VERSION", version, StringComparison.Ordinal))!.AsObject();
}
