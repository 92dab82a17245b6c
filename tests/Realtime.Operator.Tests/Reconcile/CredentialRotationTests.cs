using System.Text;
using System.Text.Json.Nodes;
using Realtime.FakeKubeApi;
using Realtime.Operator.Builders;
using Realtime.Operator.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Defects 6 and 13 of issue 11: a new Redis password or a changed referenced Secret never reached running pods,
/// and the Redis password stood in the Redis pod's process arguments.
/// </summary>
public sealed class CredentialRotationTests : IAsyncLifetime
{
    private const string WithToken = """{"routing":{"host":"chat.example.com"},"socketio":{"apiTokenSecretRef":{"name":"publish-token"}}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _harness.Store.Create(_harness.Type("secrets"), OperatorHarness.Namespace, Json("""{"metadata":{"name":"publish-token"},"stringData":{"token":"first-token"}}"""), "kubectl");
        _harness.StartOperator();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_regenerated_redis_password_rolls_the_server_and_redis_pods()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var (server, redis) = (Version("chat"), Version("chat-redis"));
        var password = Password();
        Assert.NotNull(server);
        Assert.NotNull(redis);

        _harness.Store.Delete(_harness.Type("secrets"), OperatorHarness.Namespace, "chat-redis-auth");

        await Eventually.TrueAsync(() => _harness.Child("secrets", "chat-redis-auth") is not null && Version("chat") != server && Version("chat-redis") != redis, Timeout, "both pod templates carry the new Secret's version");
        Assert.NotEqual(password, Password());
    }

    [Fact]
    public async Task A_redis_secret_deleted_while_a_reconcile_applies_it_comes_back_with_a_new_password()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var password = Password();
        var deleted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The reconcile has read the old password when the Secret goes; its apply then creates the Secret again.
        _harness.Server.Faults.Before(
            request => request is { Verb: "patch", Resource: "secrets", Name: "chat-redis-auth" },
            () =>
            {
                _harness.Store.Delete(_harness.Type("secrets"), OperatorHarness.Namespace, "chat-redis-auth");
                deleted.TrySetResult();
            });
        await _harness.PatchSpecAsync("chat", """{"socketio":{"pingIntervalMs":26000}}""");
        await deleted.Task.WaitAsync(Timeout);

        await Eventually.TrueAsync(() => _harness.Child("secrets", "chat-redis-auth") is not null && Password() != password, Timeout, "the re-created Secret holds a new password");
    }

    [Fact]
    public async Task A_changed_referenced_secret_rolls_only_the_server_pods()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var (server, redis) = (Version("chat"), Version("chat-redis"));

        _harness.Store.MergePatch(_harness.Type("secrets"), OperatorHarness.Namespace, "publish-token", Json("""{"data":{"token":"c2Vjb25kLXRva2Vu"}}"""), "kubectl", "");

        await Eventually.TrueAsync(() => Version("chat") != server, Timeout, "the server pod template carries the token's new version");
        Assert.Equal(redis, Version("chat-redis"));
    }

    [Fact]
    public async Task Reconciling_unchanged_secrets_again_never_rolls_the_pods()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var generation = _harness.Child("deployments", "chat")!["metadata"]!["generation"]!.GetValue<long>();
        var applies = Applies();

        await Eventually.TrueAsync(() => Applies() > applies + 1, Timeout, "reconciled twice more (resync)");

        Assert.Equal(generation, _harness.Child("deployments", "chat")!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_redis_password_appears_in_no_pod_spec_and_no_process_argument()
    {
        await _harness.CreateClusterAsync("chat", WithToken);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        var password = Password();

        foreach (var deployment in _harness.Store.List(_harness.Type("deployments"), OperatorHarness.Namespace, LabelSelector.Everything).Items)
        {
            Assert.DoesNotContain(password, deployment.ToJsonString(), StringComparison.Ordinal);
        }

        var redis = _harness.Child("deployments", "chat-redis")!["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(RedisServerArguments.AuthConfigPath, redis["args"]![0]!.GetValue<string>());
        var config = _harness.Child("secrets", "chat-redis-auth")!["data"]![RedisServerArguments.AuthConfigKey]!.GetValue<string>();
        Assert.Equal($"requirepass \"{password}\"\n", Encoding.UTF8.GetString(Convert.FromBase64String(config)));
    }

    private int Applies() => _harness.Server.Requests.Count(r => r.Verb == "patch" && r.Resource == "deployments" && r.Name == "chat");

    private string? Version(string deployment) =>
        _harness.Child("deployments", deployment)?["spec"]?["template"]?["metadata"]?["annotations"]?[CredentialsVersion.Annotation]?.GetValue<string>();

    private string Password() =>
        Encoding.UTF8.GetString(Convert.FromBase64String(_harness.Child("secrets", "chat-redis-auth")!["data"]!["password"]!.GetValue<string>()));

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
