using Realtime.Testing;

namespace Realtime.Chart.Tests;

/// <summary>The helm binary pinned by <c>tests/tools/package.json</c> (see <see cref="KubectlLayer"/>).</summary>
public static class PinnedHelm
{
    public static Task<string> PathAsync() => KubectlLayer.HelmPathAsync();

    public static async Task<ToolResult> RunAsync(params string[] arguments) =>
        await ToolRun.RunAsync(await PathAsync(), arguments, TimeSpan.FromSeconds(60), RepositoryPaths.Root);
}
