using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Kinds;

/// <summary>The kinds a controller owns, looked up by an object's apiVersion/kind or by a watch's resource name.</summary>
public sealed class KindRegistry(IReadOnlyList<ResourceKind> kinds)
{
    public IReadOnlyList<ResourceKind> All { get; } = kinds;

    /// <exception cref="NotSupportedException">The object's kind is not registered.</exception>
    public ResourceKind For(IKubernetesObject<V1ObjectMeta> item) =>
        All.FirstOrDefault(kind => kind.Describes(item))
        ?? throw new NotSupportedException($"no registered kind {item.ApiVersion}/{item.Kind}: add .Owns<{item.Kind}>() to the controller");

    /// <exception cref="NotSupportedException">No registered kind has this resource name.</exception>
    public ResourceKind ForResource(string resource) =>
        All.FirstOrDefault(kind => kind.Resource == resource)
        ?? throw new NotSupportedException($"no registered kind with resource {resource}");
}
