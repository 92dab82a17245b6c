using Realtime.Testing;

namespace Realtime.Operator.Tests.Golden;

/// <summary>The RealtimeCluster examples: examples/*.yaml, and each app example's folder/realtimecluster.yaml.</summary>
internal static class ExampleFiles
{
    public static IEnumerable<string> All()
    {
        var examples = RepositoryPaths.Combine("examples");
        return Directory.GetFiles(examples, "*.yaml")
            .Concat(Directory.GetDirectories(examples).Select(folder => Path.Combine(folder, "realtimecluster.yaml")).Where(File.Exists));
    }
}
