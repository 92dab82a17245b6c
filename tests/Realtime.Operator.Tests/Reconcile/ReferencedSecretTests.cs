using System.Text.Json.Nodes;
using Realtime.Operator.Hosting;
using Realtime.Operator.Reconcile;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Queue;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Defect 5 of issue 11: a Secret the spec references was seen only by the retry backoff (up to 5 minutes), since
/// the Secret watch selected the operator's labels and a user's Secret has none. Retries and resyncs are pushed out
/// of reach here, so only a watch of the referenced Secret can bring the cluster along in time.
/// </summary>
public sealed class ReferencedSecretTests : IAsyncLifetime
{
    private const string WithToken = """{"routing":{"host":"chat.example.com"},"socketio":{"apiTokenSecretRef":{"name":"publish-token"}}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static readonly OperatorTuning NoRetryInReach = OperatorHarness.FastTuning with
    {
        Controller = new ControllerOptions
        {
            Name = "realtimecluster",
            Backoff = new Backoff(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)),
            ResyncPeriod = TimeSpan.FromMinutes(10),
        },
    };

    private OperatorHarness _harness = null!;
    private RealtimeOperator _realtimeOperator = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _realtimeOperator = _harness.StartOperator(tuning: NoRetryInReach);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_referenced_secret_created_late_makes_the_cluster_ready_within_seconds()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        // Settled: the stand-in kubelet has reported the pods, so no child change reconciles the cluster again.
        await Eventually.TrueAsync(
            () => _harness.Condition("chat", "ConfigValid")?["reason"]?.GetValue<string>() == "SecretNotFound" && _harness.ConditionStatus("chat", "Available") == "True",
            Timeout,
            "ConfigValid False (SecretNotFound) with the server pods available");

        _harness.Store.Create(_harness.Type("secrets"), OperatorHarness.Namespace, Json("""{"metadata":{"name":"publish-token"},"stringData":{"token":"t0ken"}}"""), "kubectl");

        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "Ready once the referenced Secret exists");
    }

    [Fact]
    public async Task A_referenced_secret_changed_rolls_the_server_pods_within_seconds()
    {
        _harness.Store.Create(_harness.Type("secrets"), OperatorHarness.Namespace, Json("""{"metadata":{"name":"publish-token"},"stringData":{"token":"t0ken"}}"""), "kubectl");
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && Version() is not null, Timeout, "chat Ready");
        var before = Version();

        _harness.Store.MergePatch(_harness.Type("secrets"), OperatorHarness.Namespace, "publish-token", Json("""{"stringData":{"token":"rotated"}}"""), "kubectl", "");

        await Eventually.TrueAsync(() => Version() != before, Timeout, "the server pod template carries the Secret's new version");
    }

    [Fact]
    public async Task A_secret_is_watched_only_while_a_cluster_references_it()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => Watched().SequenceEqual([new ObjectKey(OperatorHarness.Namespace, "publish-token")]), Timeout, "the referenced Secret is watched");

        await _harness.PatchSpecAsync("chat", """{"socketio":{"apiTokenSecretRef":null}}""");

        await Eventually.TrueAsync(() => Watched().Count == 0, Timeout, "no Secret watched once no cluster references it");
    }

    private IReadOnlyList<ObjectKey> Watched() => _realtimeOperator.ReferencedSecrets?.Watched ?? [];

    private string? Version() =>
        _harness.Child("deployments", "chat")?["spec"]?["template"]?["metadata"]?["annotations"]?[CredentialsVersion.Annotation]?.GetValue<string>();

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
