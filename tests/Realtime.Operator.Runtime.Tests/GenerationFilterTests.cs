using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Controllers;

namespace Realtime.Operator.Runtime.Tests;

public sealed class GenerationFilterTests
{
    [Fact]
    public void Only_new_objects_spec_changes_deletions_and_removals_need_a_reconcile()
    {
        var filter = new GenerationFilter();

        Assert.True(filter.ShouldReconcile(WatchEventType.Added, Item(generation: 1)));
        Assert.False(filter.ShouldReconcile(WatchEventType.Modified, Item(generation: 1)));
        Assert.True(filter.ShouldReconcile(WatchEventType.Modified, Item(generation: 2)));
        Assert.True(filter.ShouldReconcile(WatchEventType.Modified, Item(generation: 2, deleting: true)));
        Assert.True(filter.ShouldReconcile(WatchEventType.Deleted, Item(generation: 2)));
        Assert.True(filter.ShouldReconcile(WatchEventType.Added, Item(generation: 2)));
    }

    private static V1ConfigMap Item(long generation, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "chat",
            NamespaceProperty = "apps",
            Uid = "uid-1",
            Generation = generation,
            DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
    };
}
