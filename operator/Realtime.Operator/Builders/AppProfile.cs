using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>
/// What the pods run, with every <see cref="AppSpec"/> field the user left unset taken from the preset: the one place
/// that knows what the bundled server, a Flask-SocketIO app and a Node socket.io app expect.
/// </summary>
internal sealed record AppProfile(
    bool IsBundledServer,
    int Port,
    string BackplaneEnv,
    V1Probe ReadinessProbe,
    V1Probe LivenessProbe,
    IReadOnlyList<string> ExtraPaths)
{
    public const string BundledBackplaneEnv = "REDIS_URLS";
    public const string SingleUrlBackplaneEnv = "REDIS_URL";
    public const int FlaskPort = 5000;
    public const int NodePort = 3000;

    public static AppProfile For(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var app = cluster.Spec.App;
        var bundled = app.Preset == AppPreset.RealtimeServer;
        return new AppProfile(
            bundled,
            app.Port ?? DefaultPort(app.Preset),
            app.BackplaneEnv ?? (bundled ? BundledBackplaneEnv : SingleUrlBackplaneEnv),
            app.ReadinessProbe is { } readiness ? AppProbes.Readiness(readiness) : bundled ? AppProbes.BundledReadiness() : AppProbes.Readiness(Tcp),
            app.LivenessProbe is { } liveness ? AppProbes.Liveness(liveness) : bundled ? AppProbes.BundledLiveness() : AppProbes.Liveness(Tcp),
            app.Paths is { } paths ? [.. paths] : app.Preset == AppPreset.FlaskSocketIO ? ["/"] : []);
    }

    private static readonly AppProbeSpec Tcp = new() { Type = ProbeType.TCP };

    /// <remarks>Custom has no default: validation asks for app.port, so reaching this for it is a bug.</remarks>
    private static int DefaultPort(AppPreset preset) => preset switch
    {
        AppPreset.RealtimeServer => ServerServiceBuilder.Port,
        AppPreset.FlaskSocketIO => FlaskPort,
        AppPreset.NodeSocketIO => NodePort,
        _ => throw new InvalidOperationException($"app.preset {preset} needs app.port"),
    };
}
