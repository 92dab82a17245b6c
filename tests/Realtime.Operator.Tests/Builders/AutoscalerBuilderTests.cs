using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class AutoscalerBuilderTests
{
    [Fact]
    public void Scales_the_server_deployment_on_cpu_between_the_bounds()
    {
        var hpa = AutoscalerBuilder.Build(TestClusters.Create(spec =>
        {
            spec.Autoscaling.Enabled = true;
            spec.Autoscaling.MinReplicas = 3;
            spec.Autoscaling.MaxReplicas = 9;
            spec.Autoscaling.TargetCPUUtilizationPercentage = 55;
        }));

        Assert.Equal(("apps/v1", "Deployment", "chat"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((3, 9), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("cpu", "Utilization", 55), (metric.Resource.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization));
    }

    [Fact]
    public void Scales_down_slowly_so_reconnect_storms_are_paced()
    {
        var scaleDown = AutoscalerBuilder.Build(TestClusters.Create(spec => spec.Autoscaling.Enabled = true)).Spec.Behavior.ScaleDown;

        Assert.Equal(600, scaleDown.StabilizationWindowSeconds);
        Assert.Equal(1, Assert.Single(scaleDown.Policies).Value);
    }
}
