using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>The list envelope of a custom resource, for the CustomObjects list calls.</summary>
internal sealed class CustomObjectList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
