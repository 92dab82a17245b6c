using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The Secret holding the managed Redis password and the URLs the server pods connect with.</summary>
internal static class RedisSecretBuilder
{
    public const string PasswordKey = "password";
    public const string UrlsKey = "urls";

    /// <summary>The password as a quoted config string, for the Sentinel config the start script writes.</summary>
    public const string QuotedPasswordKey = "password.quoted";

    /// <remarks>
    /// stringData, not data: the YAML serializer writes byte arrays as plain text, so only stringData renders
    /// into a manifest that applies as written.
    /// </remarks>
    public static V1Secret Build(RealtimeCluster cluster, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var replicated = RedisTopology.IsHighlyAvailable(cluster);
        var data = new Dictionary<string, string>
        {
            [PasswordKey] = password,
            [UrlsKey] = RedisTopology.Urls(cluster, password),
            [RedisServerArguments.AuthConfigKey] = RedisServerArguments.AuthConfig(password, replicated),
        };
        if (replicated)
        {
            data[QuotedPasswordKey] = RedisServerArguments.Quoted(password);
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisSecret(cluster), ChildLabels.RedisComponent),
            Type = "Opaque",
            StringData = data,
        };
    }
}
