using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>The PodDisruptionBudget of the server pods.</summary>
public sealed class DisruptionSpec
{
    [Description("Server pods a voluntary disruption (node drain) may take down at once.")]
    [NumberRange(1, 1000)]
    public int MaxUnavailable { get; set; } = 1;
}
