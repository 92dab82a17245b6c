using Realtime.Operator.Runtime.Configuration;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>The lookup order of kubectl (--kubeconfig, $KUBECONFIG, ~/.kube/config, in-cluster), and no silent localhost.</summary>
public sealed class ApiServerSourceTests
{
    private const string Home = "/home/op";
    private const string DefaultConfig = "/home/op/.kube/config";

    [Fact]
    public void An_explicit_kubeconfig_wins_over_every_other_source() =>
        Assert.Equal(["/etc/op.yaml"], Find("/etc/op.yaml", Env(("KUBECONFIG", "/other.yaml")), "/etc/op.yaml", "/other.yaml", DefaultConfig).Kubeconfigs);

    [Fact]
    public void A_missing_explicit_kubeconfig_is_an_error_naming_it()
    {
        var error = Assert.Throws<ApiServerNotConfiguredException>(() => Find("/etc/missing.yaml", Env(), DefaultConfig));
        Assert.Equal("--kubeconfig /etc/missing.yaml: no such file.", error.Message);
    }

    [Fact]
    public void KUBECONFIG_lists_files_and_only_the_existing_ones_are_used() =>
        Assert.Equal(["/a.yaml", "/c.yaml"], Find(null, Env(("KUBECONFIG", $"/a.yaml{Path.PathSeparator}/b.yaml{Path.PathSeparator}/c.yaml")), "/a.yaml", "/c.yaml", DefaultConfig).Kubeconfigs);

    [Fact]
    public void A_KUBECONFIG_that_names_no_existing_file_is_an_error_not_a_fall_through()
    {
        var error = Assert.Throws<ApiServerNotConfiguredException>(() => Find(null, Env(("KUBECONFIG", "/gone.yaml")), DefaultConfig));
        Assert.Contains("$KUBECONFIG=/gone.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_kubeconfig_comes_before_the_in_cluster_account() =>
        Assert.Equal([DefaultConfig], Find(null, InCluster(), DefaultConfig, ClientEnvironment.ServiceAccountTokenFile).Kubeconfigs);

    [Fact]
    public void In_a_pod_the_service_account_is_used() =>
        Assert.True(Find(null, InCluster(), ClientEnvironment.ServiceAccountTokenFile).InCluster);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Half_an_in_cluster_setup_is_not_taken_for_one(bool serviceEnv, bool tokenFile)
    {
        var files = tokenFile ? new[] { ClientEnvironment.ServiceAccountTokenFile } : [];
        Assert.Throws<ApiServerNotConfiguredException>(() => Find(null, serviceEnv ? InCluster() : Env(), files));
    }

    private static ApiServerSource Find(string? explicitPath, Func<string, string?> variables, params string[] existing) =>
        ApiServerSource.Find(explicitPath, new ClientEnvironment(variables, Home, existing.Contains));

    private static Func<string, string?> InCluster() => Env(("KUBERNETES_SERVICE_HOST", "10.0.0.1"), ("KUBERNETES_SERVICE_PORT", "443"));

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
