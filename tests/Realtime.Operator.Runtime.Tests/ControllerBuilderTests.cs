using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

public sealed class ControllerBuilderTests : IAsyncLifetime
{
    private const string Selector = "app.kubernetes.io/managed-by=builder-test";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);
    private FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        _server.Store.Register(new ResourceType(Widget.Group, Widget.Version, Widget.Plural, Widget.KindName, HasStatus: false));
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public void A_kind_maps_to_its_REST_resource_from_the_model()
    {
        var statefulSets = ResourceKind.Of<V1StatefulSet>();
        var configMaps = ResourceKind.Of<V1ConfigMap>();

        Assert.Equal(("apps", "v1", "statefulsets", "StatefulSet", "apps/v1/statefulsets"), (statefulSets.Group, statefulSets.Version, statefulSets.Plural, statefulSets.Kind, statefulSets.Resource));
        Assert.Equal(("", "v1", "configmaps", "ConfigMap", "v1/configmaps"), (configMaps.Group, configMaps.Version, configMaps.Plural, configMaps.Kind, configMaps.Resource));
    }

    [Fact]
    public void An_object_of_a_kind_not_owned_is_a_clear_error()
    {
        var kinds = ControllerBuilder.For<Widget>().Owns<V1ConfigMap>().Kinds;

        var error = Assert.Throws<NotSupportedException>(() => kinds.For(new V1Service { ApiVersion = "v1", Kind = "Service", Metadata = new() }));
        Assert.Contains(".Owns<Service>()", error.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => ResourceKind.Of<V1Pod>());
    }

    [Fact]
    public async Task One_Owns_line_watches_caches_applies_and_maps_a_kind_to_its_owner()
    {
        var widget = await _client.CustomObjects.CreateNamespacedCustomObjectAsync<Widget>(
            new Widget { Metadata = new V1ObjectMeta { Name = "w", NamespaceProperty = "ns" } }, Widget.Group, Widget.Version, "ns", Widget.Plural);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(OwnedBy(widget, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w-config" } }), "ns");
        var reconciled = new TaskCompletionSource<ObjectKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        ControllerContext? context = null;

        using var manager = ControllerBuilder.For<Widget>()
            .Owns<V1ConfigMap>()
            .Owns<V1StatefulSet>()
            .WithOwnedSelector(Selector)
            .InNamespaces(["ns"])
            .Build(_client, new ControllerSettings(new ControllerOptions { Name = "widgets" }, new WatcherOptions(), new OperatorMetrics(), NullLoggerFactory.Instance), created =>
            {
                context = created;
                return new RecordingReconciler(reconciled);
            });
        using var stop = new CancellationTokenSource();
        var running = manager.RunAsync(stop.Token);

        Assert.Equal(new ObjectKey("ns", "w"), await reconciled.Task.WaitAsync(Timeout));
        Assert.NotNull(context);
        Assert.NotNull(context.Children.TryGet(context.Kinds.ForResource("v1/configmaps"), "ns", "w-config"));
        var statefulSet = OwnedBy(widget, new V1StatefulSet { ApiVersion = "apps/v1", Kind = "StatefulSet", Metadata = new V1ObjectMeta { Name = "w-redis", NamespaceProperty = "ns" }, Spec = new V1StatefulSetSpec() });
        var applied = await context.Kinds.For(statefulSet).ApplyAsync(_client, statefulSet, "builder-test", CancellationToken.None);
        Assert.IsType<V1StatefulSet>(applied);
        await Eventually.TrueAsync(
            () => context.Owners.ChildrenOf(widget.Metadata.Uid).Contains(new ChildRef("apps/v1/statefulsets", "ns", "w-redis")),
            Timeout,
            "the applied StatefulSet indexed under its owner");
        Assert.Contains(new ChildRef("v1/configmaps", "ns", "w-config"), context.Owners.ChildrenOf(widget.Metadata.Uid));

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    private static T OwnedBy<T>(Widget owner, T child)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        child.Metadata.Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "builder-test" };
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = owner.ApiVersion, Kind = owner.Kind, Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true }];
        return child;
    }

    private sealed class RecordingReconciler(TaskCompletionSource<ObjectKey> reconciled) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            reconciled.TrySetResult(key);
            return Task.FromResult(ReconcileResult.Done);
        }
    }

    [KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
    public sealed class Widget : IKubernetesObject<V1ObjectMeta>
    {
        public const string Group = "builder.test";
        public const string Version = "v1";
        public const string KindName = "Widget";
        public const string Plural = "widgets";

        public string ApiVersion { get; set; } = $"{Group}/{Version}";

        public string Kind { get; set; } = KindName;

        public V1ObjectMeta Metadata { get; set; } = new();
    }
}
