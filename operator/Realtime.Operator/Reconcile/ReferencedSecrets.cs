using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Checks that the Secrets a spec points at exist and hold the named key. The API server cannot check this at
/// admission, and a pod would otherwise sit in CreateContainerConfigError with no word on the RealtimeCluster.
/// </summary>
internal static class ReferencedSecrets
{
    /// <summary>The names of the Secrets the spec references, in its namespace.</summary>
    public static IReadOnlyList<string> Names(RealtimeCluster cluster) =>
        [.. References(cluster).Select(reference => reference.Selector.Name).Distinct(StringComparer.Ordinal)];

    public static async Task<ReferenceCheck> CheckAsync(IKubernetes client, RealtimeCluster cluster, CancellationToken cancellationToken)
    {
        var problems = new List<(string, string)>();
        var found = new List<V1ObjectMeta>();
        var ns = cluster.Metadata.NamespaceProperty;
        foreach (var (field, selector, defaultKey) in References(cluster))
        {
            var key = string.IsNullOrEmpty(selector.Key) ? defaultKey : selector.Key;
            try
            {
                var secret = await client.CoreV1.ReadNamespacedSecretAsync(selector.Name, ns, cancellationToken: cancellationToken);
                found.Add(secret.Metadata);
                var hasKey = secret.Data?.ContainsKey(key) == true || secret.StringData?.ContainsKey(key) == true;
                if (!hasKey)
                {
                    problems.Add(("SecretKeyNotFound", $"Secret {ns}/{selector.Name} named by {field} has no key '{key}'."));
                }
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                problems.Add(("SecretNotFound", $"Secret {ns}/{selector.Name} named by {field} does not exist."));
            }
        }

        return new ReferenceCheck(problems, found);
    }

    private static List<(string Field, SecretKeySelector Selector, string DefaultKey)> References(RealtimeCluster cluster)
    {
        var references = new List<(string Field, SecretKeySelector Selector, string DefaultKey)>();
        if (cluster.Spec.Socketio.ApiTokenSecretRef is { } token)
        {
            references.Add(("spec.socketio.apiTokenSecretRef", token, "token"));
        }

        if (cluster.Spec.Redis.Mode == RedisMode.External && cluster.Spec.Redis.UrlSecretRef is { } url)
        {
            references.Add(("spec.redis.urlSecretRef", url, "url"));
        }

        return references;
    }
}
