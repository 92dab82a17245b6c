using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The HorizontalPodAutoscaler of the server Deployment, when autoscaling is enabled.</summary>
internal static class AutoscalerBuilder
{
    /// <summary>Scale down slowly: every removed pod sends its clients through a reconnect.</summary>
    public const int ScaleDownStabilizationSeconds = 600;

    public static V2HorizontalPodAutoscaler Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var autoscaling = cluster.Spec.Autoscaling;
        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.ServerComponent),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = ChildNames.Server(cluster) },
                MinReplicas = autoscaling.MinReplicas,
                MaxReplicas = autoscaling.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = autoscaling.TargetCPUUtilizationPercentage },
                        },
                    },
                ],
                Behavior = new V2HorizontalPodAutoscalerBehavior
                {
                    ScaleDown = new V2HPAScalingRules
                    {
                        StabilizationWindowSeconds = ScaleDownStabilizationSeconds,
                        Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 1, PeriodSeconds = 60 }],
                    },
                },
            },
        };
    }
}
