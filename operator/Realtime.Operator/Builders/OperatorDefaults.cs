using System.Reflection;

namespace Realtime.Operator.Builders;

/// <summary>What the operator decides for a RealtimeCluster that does not say: the server image of this release.</summary>
internal sealed record OperatorDefaults(string ServerImage)
{
    public const string ServerImageRepository = "ghcr.io/realtime-dev/realtime-server";

    /// <summary>The realtime-server image released with this build of the operator.</summary>
    public static OperatorDefaults ForThisRelease()
    {
        var version = typeof(OperatorDefaults).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(OperatorDefaults).Assembly.GetName().Version?.ToString(3)
            ?? "latest";

        // Drop SourceLink's "+commit" suffix: image tags cannot carry '+'.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return new OperatorDefaults($"{ServerImageRepository}:{(plus < 0 ? version : version[..plus])}");
    }
}
