using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>How a stopping server pod lets its clients go.</summary>
public sealed class DrainSpec
{
    /// <summary>Seconds kept back from the grace period for the process to exit after draining.</summary>
    public const int ExitMarginSeconds = 5;

    [Description("Seconds from the stop signal until the pod is killed: preStop delay, then connection drain, then exit.")]
    [NumberRange(10, 3600)]
    public int TerminationGracePeriodSeconds { get; set; } = 60;

    [Description("Seconds the pod keeps serving after it is removed from endpoints, so routers stop sending new requests first.")]
    [NumberRange(0, 300)]
    public int PreStopDelaySeconds { get; set; } = 5;
}
