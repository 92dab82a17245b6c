using k8s;

namespace Realtime.Operator.Runtime.Configuration;

/// <summary>Builds the API client from an explicit kubeconfig, the default kubeconfig locations or the in-cluster account.</summary>
public static class KubernetesClientFactory
{
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <exception cref="ApiServerNotConfiguredException">Neither a kubeconfig nor the in-cluster service account is there.</exception>
    public static KubernetesClientConfiguration BuildConfiguration(string? kubeconfigPath, ClientEnvironment environment)
    {
        var source = ApiServerSource.Find(kubeconfigPath, environment);
        return source.Kubeconfigs switch
        {
            [] => KubernetesClientConfiguration.InClusterConfig(),
            [var single] => KubernetesClientConfiguration.BuildConfigFromConfigFile(single),

            // Only $KUBECONFIG lists several files; the client merges them the way kubectl does.
            _ => KubernetesClientConfiguration.BuildDefaultConfig(),
        };
    }

    public static IKubernetes Create(KubernetesClientConfiguration configuration)
    {
        // Bounds every REST call (watches are exempt: their silence timeout lives in the watcher), so a hung API
        // server cannot hold a reconcile worker forever.
        configuration.HttpClientTimeout = TimeSpan.FromSeconds(30);
        return new Kubernetes(configuration);
    }

    /// <summary>The namespace this process runs in: the explicit value, the service account's, the kubeconfig context's, or "default".</summary>
    public static string CurrentNamespace(string? explicitNamespace, KubernetesClientConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(explicitNamespace))
        {
            return explicitNamespace;
        }

        if (File.Exists(ServiceAccountNamespaceFile))
        {
            return File.ReadAllText(ServiceAccountNamespaceFile).Trim();
        }

        return string.IsNullOrWhiteSpace(configuration.Namespace) ? "default" : configuration.Namespace;
    }
}
