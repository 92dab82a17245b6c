using System.Reflection;
using System.Text.Json;
using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Kinds;

/// <summary>
/// One kind's REST mapping (group, version, plural, from the model's <see cref="KubernetesEntityAttribute"/>, as
/// client-go's RESTMapper resolves a kind) and the calls the controller makes on it: server-side apply, delete,
/// list and watch. Grouped resources go through the CustomObjects calls, whose URL shape
/// (/apis/{group}/{version}/...) fits them all; the core group (/api/v1) through <see cref="CoreResourceCalls"/>.
/// </summary>
public sealed class ResourceKind
{
    private readonly Func<string, IKubernetesObject<V1ObjectMeta>> _parse;
    private readonly CoreResourceCalls? _core;

    private ResourceKind(KubernetesEntityAttribute entity, Type clrType, bool optional, Func<string, IKubernetesObject<V1ObjectMeta>> parse)
    {
        Group = entity.Group ?? "";
        Version = entity.ApiVersion;
        Plural = entity.PluralName;
        Kind = entity.Kind;
        ClrType = clrType;
        Optional = optional;
        _parse = parse;
        _core = Group.Length == 0
            ? CoreResourceCalls.For(Plural) ?? throw new NotSupportedException($"no core calls for {Plural}: add them to {nameof(CoreResourceCalls)}")
            : null;
    }

    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public string Kind { get; }

    public Type ClrType { get; }

    /// <summary>Served only where an optional integration (a CRD) is installed: a missing resource is not a failure.</summary>
    public bool Optional { get; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name of this kind's watch, also the resource of its <see cref="Controllers.ChildRef"/>s.</summary>
    public string Resource => $"{ApiVersion}/{Plural}";

    /// <exception cref="ArgumentException">The model carries no <see cref="KubernetesEntityAttribute"/>.</exception>
    public static ResourceKind Of<T>(bool optional = false)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{typeof(T).Name} carries no [KubernetesEntity]: its REST mapping is unknown", nameof(T));
        return new ResourceKind(entity, typeof(T), optional, json => KubernetesJson.Deserialize<T>(json));
    }

    public bool Describes(IKubernetesObject<V1ObjectMeta> item) => item.ApiVersion == ApiVersion && item.Kind == Kind;

    /// <summary>Server-side apply of the whole object as <paramref name="fieldManager"/>, forced; the answer typed as this kind's model.</summary>
    public async Task<IKubernetesObject<V1ObjectMeta>> ApplyAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> desired, string fieldManager, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        var patch = new V1Patch(KubernetesJson.Serialize(desired), V1Patch.PatchType.ApplyPatch);
        var applied = _core is not null
            ? await _core.Apply(client, patch, name, ns, fieldManager, cancellationToken)
            : await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, Version, ns, Plural, name, fieldManager: fieldManager, force: true, cancellationToken: cancellationToken);
        return applied is IKubernetesObject<V1ObjectMeta> typed && typed.GetType() == ClrType
            ? typed
            : _parse(applied is JsonElement json ? json.GetRawText() : KubernetesJson.Serialize(applied));
    }

    public Task DeleteAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken) =>
        _core is not null
            ? _core.Delete(client, name, ns, cancellationToken)
            : client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, name, cancellationToken: cancellationToken);

    /// <summary>The watch of this kind's objects, metadata only, in one namespace (or all, for null).</summary>
    /// <param name="resource">The watch's name in logs and metrics; the kind's <see cref="Resource"/> unless given.</param>
    public IWatchSource<ObjectMetadataOnly> WatchMetadata(IKubernetes client, string? ns, ListSelectors selectors, string? resource = null) =>
        _core is not null
            ? _core.Watch(client, resource ?? Resource, ns, selectors)
            : CustomObjectWatchSource.Create<ObjectMetadataOnly>(client, Group, Version, Plural, ns, selectors.Label, selectors.Field, resource ?? Resource);

    /// <summary>The watch of this kind's whole objects (a custom resource's) in one namespace (or all, for null).</summary>
    public IWatchSource<T> WatchObjects<T>(IKubernetes client, string? ns)
        where T : IKubernetesObject<V1ObjectMeta> =>
        _core is null && typeof(T) == ClrType
            ? CustomObjectWatchSource.Create<T>(client, Group, Version, Plural, ns, resource: Resource)
            : throw new NotSupportedException($"whole-object watches are for custom resources; {Resource} is watched as metadata");
}
