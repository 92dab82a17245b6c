using Realtime.Operator.Api.Manifests;

namespace Realtime.Operator.Tests.Api;

/// <summary>RealtimeCluster YAML for validation tests, read the way `render` reads it.</summary>
internal static class Manifests
{
    public const string Source = "cluster.yaml";

    /// <summary>A cluster named <paramref name="name"/> whose spec is the given YAML block (indented by the caller as under spec:).</summary>
    public static string Cluster(string spec, string name = "chat") =>
        $"apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: {name}\nspec:\n{spec}";

    public static ManifestReadResult Read(string yaml) => ManifestReader.Read(yaml, Source);

    /// <summary>The one error of a rejected manifest, as `render` prints it, minus the line and column.</summary>
    public static string SingleError(string yaml)
    {
        var result = Read(yaml);
        Assert.False(result.Succeeded, "the manifest was accepted");
        var error = Assert.Single(result.Errors);
        Assert.Equal(Source, error.Source);
        return error.FieldPath is null ? error.Message : $"{error.FieldPath}: {error.Message}";
    }
}
