using System.Text.RegularExpressions;
using System.Xml.Linq;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

/// <summary>One of the two container images: its project and its Dockerfile.</summary>
/// <param name="ReadyToRun">Whether its project publishes precompiled code.</param>
public sealed partial record ShippedImage(string Name, string ProjectDirectory, bool ReadyToRun)
{
    public static readonly ShippedImage Server = new("realtime-server", Path.Combine("realtime-server", "Realtime.Server"), ReadyToRun: true);
    public static readonly ShippedImage Operator = new("realtime-operator", Path.Combine("operator", "Realtime.Operator"), ReadyToRun: true);

    public string ProjectPath => RepositoryPaths.Combine(ProjectDirectory, $"{Path.GetFileName(ProjectDirectory)}.csproj");

    public string DockerfilePath => RepositoryPaths.Combine(ProjectDirectory, "Dockerfile");

    public string Dockerfile => File.ReadAllText(DockerfilePath);

    /// <summary>The instructions of the last stage: what the image actually contains and runs.</summary>
    public IReadOnlyList<string> RuntimeStage
    {
        get
        {
            var lines = Dockerfile.Split('\n');
            return lines[Array.FindLastIndex(lines, line => line.StartsWith("FROM ", StringComparison.Ordinal))..];
        }
    }

    public string AssemblyName => ProjectProperty("AssemblyName");

    /// <summary>The target framework every project shares, from the repository's Directory.Build.props.</summary>
    public static string TargetFramework =>
        XDocument.Load(RepositoryPaths.Combine("Directory.Build.props")).Descendants("TargetFramework").Single().Value;

    public static string Version =>
        XDocument.Load(RepositoryPaths.Combine("Directory.Build.props")).Descendants("Version").Single().Value;

    /// <summary>Publishes as the Dockerfile does, with build outputs kept apart from everyone's bin/obj folders.</summary>
    public async Task<ToolResult> PublishAsync(string outputDirectory) =>
        await ToolRun.RunAsync("dotnet",
            [
                "publish", ProjectPath, "--configuration", "Release", "--output", outputDirectory, "-p:UseAppHost=false",
                "--artifacts-path", RepositoryPaths.Combine("artifacts", "image-build", Name), "--nologo",
            ],
            TimeSpan.FromMinutes(10), RepositoryPaths.Root);

    public override string ToString() => Name;

    private string ProjectProperty(string name) =>
        XDocument.Load(ProjectPath).Descendants(name).SingleOrDefault()?.Value
        ?? throw new InvalidOperationException($"{ProjectPath} sets no {name}");

    [GeneratedRegex(@"^FROM\s+(?<image>\S+)")]
    public static partial Regex FromLine();
}
