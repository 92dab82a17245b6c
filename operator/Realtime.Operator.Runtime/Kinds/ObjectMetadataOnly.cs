using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Kinds;

/// <summary>An object as an owned-kind watch keeps it: identity and metadata only, whatever its kind.</summary>
public sealed class ObjectMetadataOnly : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    public static ObjectMetadataOnly From(IKubernetesObject<V1ObjectMeta> item) => new() { ApiVersion = item.ApiVersion, Kind = item.Kind, Metadata = item.Metadata };
}
