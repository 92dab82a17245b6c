using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// One kind of child the operator may own: how to apply it (server-side apply as our field manager, forced),
/// delete it and watch it. Core resources go through the typed CoreV1 calls; grouped resources through the
/// CustomObjects calls, whose URL shape (/apis/{group}/{version}/...) fits them all.
/// </summary>
public sealed class ChildKind
{
    public const string FieldManager = "realtime-operator";

    /// <summary>Children carry this label, so the child watches skip everything else in the namespace.</summary>
    public const string WatchSelector = "app.kubernetes.io/managed-by=realtime-operator";

    private readonly Func<string, IKubernetesObject<V1ObjectMeta>> parse;

    private ChildKind(string group, string version, string plural, string kind, Type clrType, bool optional, Func<string, IKubernetesObject<V1ObjectMeta>> parse)
    {
        Group = group;
        Version = version;
        Plural = plural;
        Kind = kind;
        ClrType = clrType;
        Optional = optional;
        this.parse = parse;
    }

    public string Group { get; }

    public string Version { get; }

    public string Plural { get; }

    public string Kind { get; }

    public Type ClrType { get; }

    /// <summary>Served only where an optional integration (a CRD) is installed.</summary>
    public bool Optional { get; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name of this kind's watch, also the resource of its <see cref="Runtime.Controllers.ChildRef"/>s.</summary>
    public string Resource => $"{ApiVersion}/{Plural}";

    public static ChildKind Of<T>(string group, string version, string plural, string kind, bool optional = false)
        where T : IKubernetesObject<V1ObjectMeta> =>
        new(group, version, plural, kind, typeof(T), optional, json => KubernetesJson.Deserialize<T>(json));

    public async Task<IKubernetesObject<V1ObjectMeta>> ApplyAsync(IKubernetes client, IKubernetesObject<V1ObjectMeta> desired, CancellationToken cancellationToken)
    {
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        var patch = new V1Patch(KubernetesJson.Serialize(desired), V1Patch.PatchType.ApplyPatch);
        object applied = (Group, Plural) switch
        {
            ("", "secrets") => await client.CoreV1.PatchNamespacedSecretAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            ("", "configmaps") => await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            ("", "services") => await client.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            ("", "persistentvolumeclaims") => await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, name, ns, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
            ("", _) => throw new NotSupportedException($"no apply call for core resource {Plural}"),
            _ => await client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, Version, ns, Plural, name, fieldManager: FieldManager, force: true, cancellationToken: cancellationToken),
        };
        return applied as IKubernetesObject<V1ObjectMeta> is { } typed && typed.GetType() == ClrType
            ? typed
            : parse(applied is System.Text.Json.JsonElement json ? json.GetRawText() : KubernetesJson.Serialize(applied));
    }

    public async Task DeleteAsync(IKubernetes client, string ns, string name, CancellationToken cancellationToken)
    {
        switch (Group, Plural)
        {
            case ("", "secrets"):
                await client.CoreV1.DeleteNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
                break;
            case ("", "configmaps"):
                await client.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken);
                break;
            case ("", "services"):
                await client.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: cancellationToken);
                break;
            case ("", "persistentvolumeclaims"):
                await client.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: cancellationToken);
                break;
            case ("", _):
                throw new NotSupportedException($"no delete call for core resource {Plural}");
            default:
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, ns, Plural, name, cancellationToken: cancellationToken);
                break;
        }
    }

    /// <summary>The watch of this kind's children in one namespace (or all, for null).</summary>
    public IWatchSource<ChildObject> WatchSource(IKubernetes client, string? ns) =>
        Group.Length > 0
            ? CustomObjectWatchSource.Create<ChildObject>(client, Group, Version, Plural, ns, WatchSelector)
            : CoreChildWatchSource.Create(client, Plural, ns);
}
