using Realtime.FakeKubeApi;
using Realtime.Operator.Reconcile;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class OwnedKindsTests
{
    [Fact]
    public void Every_required_child_kind_is_a_built_in_resource_of_the_apiserver_table()
    {
        var builtIn = ResourceType.BuiltIn.Select(type => (type.Group, type.Version, type.Plural, type.Kind)).ToHashSet();

        Assert.All(
            RealtimeClusterController.Children.All.Where(kind => !kind.Optional),
            kind => Assert.Contains((kind.Group, kind.Version, kind.Plural, kind.Kind), builtIn));
    }

    [Fact]
    public void Only_the_Gateway_API_route_is_optional()
    {
        Assert.Equal(["gateway.networking.k8s.io/v1/httproutes"], RealtimeClusterController.Children.All.Where(kind => kind.Optional).Select(kind => kind.Resource));
    }
}
