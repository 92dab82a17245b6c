using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class DisruptionBudgetBuilderTests
{
    [Fact]
    public void Lets_drains_take_max_unavailable_server_pods_at_a_time()
    {
        var budget = DisruptionBudgetBuilder.Build(TestClusters.Create(spec => spec.Disruption.MaxUnavailable = 2));

        Assert.Equal("2", budget.Spec.MaxUnavailable.Value);
        Assert.Null(budget.Spec.MinAvailable);
        Assert.Equal("server", budget.Spec.Selector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("AlwaysAllow", budget.Spec.UnhealthyPodEvictionPolicy);
    }
}
