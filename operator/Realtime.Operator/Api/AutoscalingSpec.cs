using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>A HorizontalPodAutoscaler on CPU; while it is on, the operator leaves the Deployment's replicas alone.</summary>
public sealed class AutoscalingSpec
{
    [Description("Whether an HPA scales the server pods (spec.replicas is then ignored).")]
    public bool Enabled { get; set; }

    [Description("Fewest server pods.")]
    [NumberRange(1, 1000)]
    public int MinReplicas { get; set; } = 2;

    [Description("Most server pods.")]
    [NumberRange(1, 1000)]
    public int MaxReplicas { get; set; } = 10;

    [Description("Average CPU use, in percent of requests, the HPA aims for.")]
    [NumberRange(1, 100)]
    public int TargetCPUUtilizationPercentage { get; set; } = 70;
}
