using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Tests;

public sealed class OwnerIndexTests
{
    private readonly OwnerIndex _index = new("realtime.dev/v1alpha1", "RealtimeCluster");

    [Fact]
    public void A_child_event_names_its_controlling_owner_and_the_index_lists_the_owners_children()
    {
        var owner = _index.Observe("apps/v1/deployments", WatchEventType.Added, Child("chat", "uid-1", controller: true));

        Assert.Equal(new ObjectKey("apps", "chat"), owner);
        Assert.Equal([new ChildRef("apps/v1/deployments", "apps", "chat-child")], _index.ChildrenOf("uid-1"));
    }

    [Fact]
    public void Non_controller_references_and_other_owner_kinds_are_ignored()
    {
        Assert.Null(_index.Observe("v1/secrets", WatchEventType.Added, Child("chat", "uid-1", controller: false)));
        Assert.Null(_index.Observe("v1/secrets", WatchEventType.Added, Child("chat", "uid-1", controller: true, kind: "Deployment")));
        Assert.Empty(_index.ChildrenOf("uid-1"));
    }

    [Fact]
    public void A_deleted_child_leaves_the_index_but_still_wakes_its_owner()
    {
        _index.Observe("v1/services", WatchEventType.Added, Child("chat", "uid-1", controller: true));

        var owner = _index.Observe("v1/services", WatchEventType.Deleted, Child("chat", "uid-1", controller: true));

        Assert.Equal(new ObjectKey("apps", "chat"), owner);
        Assert.Empty(_index.ChildrenOf("uid-1"));
    }

    private static V1ConfigMap Child(string ownerName, string ownerUid, bool controller, string kind = "RealtimeCluster") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"{ownerName}-child",
            NamespaceProperty = "apps",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "realtime.dev/v1alpha1", Kind = kind, Name = ownerName, Uid = ownerUid, Controller = controller }],
        },
    };
}
