using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The readiness and liveness probes of the app container, always on the named container port.</summary>
internal static class AppProbes
{
    /// <summary>Readiness turns false as soon as a drain starts, so routers stop sending new sessions first.</summary>
    public static V1Probe BundledReadiness() => new()
    {
        HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = ServerServiceBuilder.PortName },
        PeriodSeconds = 2,
        FailureThreshold = 1,
        TimeoutSeconds = 1,
    };

    public static V1Probe BundledLiveness() => new()
    {
        HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = ServerServiceBuilder.PortName },
        InitialDelaySeconds = 5,
        PeriodSeconds = 10,
        FailureThreshold = 3,
        TimeoutSeconds = 2,
    };

    public static V1Probe Readiness(AppProbeSpec probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var result = Check(probe);
        result.PeriodSeconds = 5;
        result.FailureThreshold = 2;
        result.TimeoutSeconds = 1;
        return result;
    }

    /// <summary>An app of unknown start-up time gets a longer grace than the bundled server before restarts.</summary>
    public static V1Probe Liveness(AppProbeSpec probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var result = Check(probe);
        result.InitialDelaySeconds = 10;
        result.PeriodSeconds = 10;
        result.FailureThreshold = 3;
        result.TimeoutSeconds = 2;
        return result;
    }

    private static V1Probe Check(AppProbeSpec probe) => probe.Type == ProbeType.HTTP
        ? new V1Probe { HttpGet = new V1HTTPGetAction { Path = probe.Path ?? throw new InvalidOperationException("an HTTP probe needs path"), Port = ServerServiceBuilder.PortName } }
        : new V1Probe { TcpSocket = new V1TCPSocketAction { Port = ServerServiceBuilder.PortName } };
}
