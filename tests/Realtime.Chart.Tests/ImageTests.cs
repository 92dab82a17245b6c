using System.Text.Json;
using System.Text.RegularExpressions;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

public sealed class ImageTests
{
    public static TheoryData<string> Images => [ShippedImage.Server.Name, ShippedImage.Operator.Name];

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_runs_the_published_assembly_on_the_aspnet_runtime_of_the_target_framework_as_non_root(string name)
    {
        var image = Find(name);
        var stage = image.RuntimeStage;
        var frameworkVersion = ShippedImage.TargetFramework.Replace("net", "", StringComparison.Ordinal);

        var from = ShippedImage.FromLine().Match(stage[0]).Groups["image"].Value;
        Assert.StartsWith($"mcr.microsoft.com/dotnet/aspnet:{frameworkVersion}-", from, StringComparison.Ordinal);
        Assert.Contains("chiseled", from, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{image.AssemblyName}.dll\"]", stage);
        Assert.Contains("USER $APP_UID", stage);
        Assert.DoesNotContain(stage, line => line.StartsWith("RUN ", StringComparison.Ordinal));
        Assert.Matches(new Regex(@"org\.opencontainers\.image\.version=""\$\{VERSION\}"""), image.Dockerfile);
        Assert.Matches(new Regex(@"org\.opencontainers\.image\.source=""\$\{SOURCE\}"""), image.Dockerfile);
        Assert.Contains($"ARG VERSION={ShippedImage.Version}", stage);
    }

    [Fact]
    public void The_server_image_listens_on_port_5000()
    {
        var stage = ShippedImage.Server.RuntimeStage;

        Assert.Contains("EXPOSE 5000", stage);
        Assert.Contains(stage, line => line.Contains("PORT=5000", StringComparison.Ordinal));
    }

    [Fact]
    public void The_operator_image_runs_the_runtime_settings_its_memory_was_measured_with()
    {
        var environment = DockerfileEnvironment.Read(ShippedImage.Operator.DockerfilePath);

        Assert.Equal("0", environment["DOTNET_TC_CallCounting"]);
        Assert.Equal("0x800000", environment["DOTNET_GCgen0size"]);
        Assert.Equal("0", environment["DOTNET_EnableDiagnostics"]);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void The_image_compiles_its_ready_to_run_code_for_the_architecture_it_is_built_for(string name)
    {
        var dockerfile = Find(name).Dockerfile;

        Assert.Contains("ARG TARGETARCH", dockerfile, StringComparison.Ordinal);
        Assert.Contains("--arch \"$TARGETARCH\"", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_images_contents_publish_in_release()
    {
        var output = Directory.CreateTempSubdirectory("realtime-image-");
        try
        {
            // One after the other: two Release builds at once only fight over the two cores.
            foreach (var image in new[] { ShippedImage.Server, ShippedImage.Operator })
            {
                var directory = Path.Combine(output.FullName, image.Name);
                var result = await image.PublishAsync(directory);
                Assert.True(result.ExitCode == 0, $"{image}: {result.Describe()}");
                Assert.True(File.Exists(Path.Combine(directory, $"{image.AssemblyName}.dll")));
                Assert.Equal("Microsoft.AspNetCore.App", RuntimeFramework(directory, image.AssemblyName));
                Assert.Equal(image.ReadyToRun, IsReadyToRun(Path.Combine(directory, $"{image.AssemblyName}.dll")));
            }

            var demoPage = Path.Combine(output.FullName, ShippedImage.Server.Name, "wwwroot");
            Assert.True(File.Exists(Path.Combine(demoPage, "index.html")), "the demo page ships in the server image");
            Assert.True(File.Exists(Path.Combine(demoPage, "socket.io.min.js")), "the demo page's client ships with it");
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static ShippedImage Find(string name) =>
        name == ShippedImage.Server.Name ? ShippedImage.Server : ShippedImage.Operator;

    /// <summary>A ReadyToRun assembly carries a managed native header with precompiled code.</summary>
    private static bool IsReadyToRun(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static string RuntimeFramework(string directory, string assemblyName)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, $"{assemblyName}.runtimeconfig.json")));
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()];
        return Assert.Single(frameworks, name => name == "Microsoft.AspNetCore.App")!;
    }
}
