using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.FakeKubeApi;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>
/// The Lease semantics leader election relies on, as the real apiserver has them: create once, then only updates
/// that name the stored resourceVersion (pkg/registry/coordination/lease/strategy.go forbids unconditional updates;
/// staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go turns a missing one into 422 and a stale one
/// into 409). The API server never expires a Lease itself; expiry is the candidates' reading of it.
/// </summary>
public sealed class FakeLeaseTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_second_create_of_the_same_lease_is_409_already_exists()
    {
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("a"), "ops");

        var again = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("b"), "ops"));

        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", again.Response.Content, StringComparison.Ordinal);
        Assert.Equal("a", (await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task Of_two_updates_from_the_same_read_only_the_first_wins_and_the_second_is_409_conflict()
    {
        var created = await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("a"), "ops");
        var readByB = await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops");
        var readByC = await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops");

        readByB.Spec.HolderIdentity = "b";
        var won = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(readByB, "leader", "ops");
        readByC.Spec.HolderIdentity = "c";
        var lost = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(readByC, "leader", "ops"));

        Assert.NotEqual(created.Metadata.ResourceVersion, won.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.Conflict, lost.Response.StatusCode);
        Assert.Contains("the object has been modified", lost.Response.Content, StringComparison.Ordinal);
        Assert.Equal("b", (await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops")).Spec.HolderIdentity);
    }

    [Fact]
    public async Task An_update_without_a_resource_version_is_422_for_a_lease_but_allowed_for_a_config_map()
    {
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(Lease("a"), "ops");
        var blind = Lease("b");

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(blind, "leader", "ops"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
        Assert.Contains("metadata.resourceVersion: Invalid value: 0: must be specified for an update", refused.Response.Content, StringComparison.Ordinal);
        Assert.Equal("a", (await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops")).Spec.HolderIdentity);

        // ConfigMaps' strategy allows unconditional updates (pkg/registry/core/configmap/strategy.go).
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["k"] = "1" } }, "ops");
        var replaced = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["k"] = "2" } }, "cm", "ops");
        Assert.Equal("2", replaced.Data["k"]);
    }

    [Fact]
    public async Task The_server_keeps_an_expired_lease_as_written()
    {
        var longAgo = DateTime.UtcNow.AddHours(-1);
        var lease = Lease("ghost");
        lease.Spec.RenewTime = longAgo;
        await _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "ops");

        var read = await _client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops");

        Assert.Equal("ghost", read.Spec.HolderIdentity);
        Assert.Equal(longAgo, read.Spec.RenewTime!.Value, TimeSpan.FromMilliseconds(1));
    }

    internal static V1Lease Lease(string holder) => new()
    {
        Metadata = new V1ObjectMeta { Name = "leader" },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = 15,
            AcquireTime = DateTime.UtcNow,
            RenewTime = DateTime.UtcNow,
            LeaseTransitions = 0,
        },
    };
}
