using Realtime.Operator.Api.Manifests;
using Realtime.Operator.Builders;
using Realtime.Operator.Cli.Render;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Golden;

/// <summary>
/// The rendered output of every example, compared with the checked-in YAML next to this file. After an
/// intended change, regenerate with <c>UPDATE_GOLDEN=1 dotnet test --filter GoldenRenderTests</c> and review the diff.
/// </summary>
public sealed class GoldenRenderTests
{
    private static readonly OperatorDefaults Defaults = new("ghcr.io/realtime-dev/realtime-server:golden");

    /// <summary>Every example, by its path under examples/ without .yaml; the apps' examples sit in folders of their own.</summary>
    public static TheoryData<string> Examples => new(
        ExampleFiles.All().Select(file => Path.ChangeExtension(Path.GetRelativePath(RepositoryPaths.Combine("examples"), file), null))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_renders_as_its_golden_file(string example)
    {
        var read = ManifestReader.Read(File.ReadAllText(RepositoryPaths.Combine("examples", example + ".yaml")), example);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var rendered = ClusterRenderer.Render(read.Clusters, Defaults, cluster => $"golden-password-of-{cluster.Metadata.Name}");
        var golden = RepositoryPaths.Combine("tests", "Realtime.Operator.Tests", "Golden", example + ".yaml");

        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, rendered);
        }

        Assert.True(File.Exists(golden), $"{golden} is missing: run with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden), rendered);
    }
}
