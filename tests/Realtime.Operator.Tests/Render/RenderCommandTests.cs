using k8s;
using Realtime.Operator.Builders.Routing;
using Realtime.Operator.Cli;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Render;

public sealed class RenderCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("render-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Render(string file, string stdin = "", FileInfo? passwordFile = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = RenderCommand.Run(file, passwordFile, new StringReader(stdin), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static readonly Dictionary<string, Type> GatewayTypes = new() { ["gateway.networking.k8s.io/v1/HTTPRoute"] = typeof(HttpRoute) };

    [Fact]
    public void Prints_every_object_as_yaml_that_reads_back_as_kubernetes_types()
    {
        var (exit, stdout, stderr) = Render(RepositoryPaths.Combine("examples", "production.yaml"));

        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        var objects = KubernetesYaml.LoadAllFromString(stdout, GatewayTypes, strict: true);
        Assert.Equal(11, objects.Count);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject<k8s.Models.V1ObjectMeta>>(o));
    }

    [Fact]
    public void Reads_the_cluster_from_standard_input()
    {
        var (exit, stdout, _) = Render("-", File.ReadAllText(RepositoryPaths.Combine("examples", "gateway-api.yaml")));

        Assert.Equal(0, exit);
        Assert.Contains(KubernetesYaml.LoadAllFromString(stdout, GatewayTypes), o => o is HttpRoute);
    }

    [Fact]
    public void A_rule_violation_prints_file_line_field_and_reason_and_no_objects()
    {
        var path = Write("bad.yaml", "apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: chat\nspec:\n  replicas: 3\n  redis:\n    mode: None\n");

        var (exit, stdout, stderr) = Render(path);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{path}:8:11: spec.redis.mode: more than one replica needs a Redis backplane", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_yaml_is_reported_with_its_position()
    {
        var (exit, stdout, stderr) = Render("-", "apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: [chat\n");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Matches(@"^<stdin>:\d+:\d+: invalid YAML: ", stderr);
    }

    [Fact]
    public void An_unknown_field_is_reported_with_its_path()
    {
        var (exit, stdout, stderr) = Render("-", "apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: chat\nspec:\n  replica: 3\n");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal("<stdin>:6:3: spec.replica: unknown field \"replica\"", stderr.Trim());
    }

    [Fact]
    public void One_invalid_document_among_several_means_no_output_at_all()
    {
        var valid = File.ReadAllText(RepositoryPaths.Combine("examples", "minimal.yaml"));
        var invalid = "apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: other\nspec:\n  replicas: -4\n";

        var (exit, stdout, stderr) = Render("-", valid + "---\n" + invalid);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("spec.replicas: must be from 0 to 1000, got -4", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", "must be apiVersion realtime.dev/v1alpha1, kind RealtimeCluster; got apiVersion apps/v1, kind Deployment")]
    [InlineData("", "contains no RealtimeCluster")]
    [InlineData("- a\n- b\n", "must be a RealtimeCluster object")]
    public void Input_that_is_not_a_realtime_cluster_is_refused(string yaml, string reason)
    {
        var (exit, stdout, stderr) = Render("-", yaml);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains(reason, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var (exit, stdout, stderr) = Render(Path.Combine(_directory.FullName, "absent.yaml"));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("absent.yaml: cannot read:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_input_is_refused_without_parsing()
    {
        var (exit, stdout, stderr) = Render("-", "# " + new string('x', 5 * 1024 * 1024));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("is larger than 4 MiB", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Uses_the_password_file_and_otherwise_a_fresh_random_password()
    {
        var minimal = RepositoryPaths.Combine("examples", "minimal.yaml");
        var passwordFile = new FileInfo(Write("password", "from-the-file\n"));

        var withFile = Render(minimal, passwordFile: passwordFile).Stdout;
        var first = Render(minimal).Stdout;
        var second = Render(minimal).Stdout;

        Assert.Contains("password: from-the-file", withFile, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_binary_renders_a_file_and_prints_the_crd()
    {
        var operatorDll = Path.Combine(AppContext.BaseDirectory, "realtime-operator.dll");

        await using var render = ChildProcess.Start("dotnet", [operatorDll, "render", "-f", RepositoryPaths.Combine("examples", "minimal.yaml")]);
        Assert.Equal(0, await render.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("kind: Ingress", render.Output, StringComparison.Ordinal);

        await using var crd = ChildProcess.Start("dotnet", [operatorDll, "crd"]);
        Assert.Equal(0, await crd.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("name: realtimeclusters.realtime.dev", crd.Output, StringComparison.Ordinal);
    }
}
