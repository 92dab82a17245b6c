namespace Realtime.Operator.Runtime.Configuration;

/// <summary>Where the API server's address and credentials come from.</summary>
/// <param name="Kubeconfigs">The kubeconfig files to load, in order; empty for the in-cluster service account.</param>
internal sealed record ApiServerSource(IReadOnlyList<string> Kubeconfigs)
{
    public bool InCluster => Kubeconfigs.Count == 0;

    /// <summary>
    /// The lookup of kubectl and client-go (--kubeconfig, $KUBECONFIG, ~/.kube/config, then the in-cluster service
    /// account), without KubernetesClient's last resort of http://localhost:8080: on a pod that address is the
    /// operator's own metrics port, and a process that talks to it runs for ever without reconciling anything.
    /// </summary>
    /// <exception cref="ApiServerNotConfiguredException">Nothing names an API server; the message says what was looked for.</exception>
    public static ApiServerSource Find(string? explicitKubeconfig, ClientEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitKubeconfig))
        {
            return environment.FileExists(explicitKubeconfig)
                ? new ApiServerSource([explicitKubeconfig])
                : throw new ApiServerNotConfiguredException($"--kubeconfig {explicitKubeconfig}: no such file.");
        }

        if (environment.Variable("KUBECONFIG") is { Length: > 0 } listed)
        {
            var files = listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var existing = files.Where(environment.FileExists).ToArray();
            return existing.Length > 0
                ? new ApiServerSource(existing)
                : throw new ApiServerNotConfiguredException($"$KUBECONFIG={listed} names no existing file.");
        }

        if (environment.FileExists(environment.DefaultKubeconfig))
        {
            return new ApiServerSource([environment.DefaultKubeconfig]);
        }

        var host = environment.Variable("KUBERNETES_SERVICE_HOST");
        var port = environment.Variable("KUBERNETES_SERVICE_PORT");
        if (!string.IsNullOrEmpty(host) && !string.IsNullOrEmpty(port) && environment.FileExists(ClientEnvironment.ServiceAccountTokenFile))
        {
            return new ApiServerSource([]);
        }

        throw new ApiServerNotConfiguredException(
            $"no Kubernetes API server configured: no --kubeconfig, $KUBECONFIG is not set, {environment.DefaultKubeconfig} does not exist, "
            + $"and this is not a pod (in-cluster needs $KUBERNETES_SERVICE_HOST, $KUBERNETES_SERVICE_PORT and {ClientEnvironment.ServiceAccountTokenFile}).");
    }
}
