using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The Secret holding the managed Redis password and the URLs the server pods connect with.</summary>
internal static class RedisSecretBuilder
{
    public const string PasswordKey = "password";
    public const string UrlsKey = "urls";

    /// <remarks>
    /// stringData, not data: the YAML serializer writes byte arrays as plain text, so only stringData renders
    /// into a manifest that applies as written.
    /// </remarks>
    public static V1Secret Build(RealtimeCluster cluster, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisSecret(cluster), ChildLabels.RedisComponent),
            Type = "Opaque",
            StringData = new Dictionary<string, string>
            {
                [PasswordKey] = password,
                [UrlsKey] = RedisTopology.Urls(cluster, password),
                [RedisServerArguments.AuthConfigKey] = RedisServerArguments.AuthConfig(password),
            },
        };
    }
}
