using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Deletion as the API server's generic registry and the garbage collector do it, the collector run synchronously
/// inside the store's write instead of as a controller a moment later:
/// <list type="bullet">
/// <item>An object with finalizers is not removed: it gets <c>deletionTimestamp</c> and stays, readable and
/// writable, until a write removes its last finalizer; that write is its deletion
/// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go, Delete, updateForGracefulDeletionAndFinalizers,
/// and Update's "deleteObj" when an update leaves a deleting object without finalizers). No finalizer can be added
/// while it is deleting (staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go, ValidateObjectMetaUpdate).</item>
/// <item>Background (the default): the owner goes at once; then each dependent none of whose owners is left is
/// deleted, and a dependent that still has a live owner loses only the dangling reference
/// (pkg/controller/garbagecollector/garbagecollector.go, attemptToDeleteItem: solid, dangling and
/// waitingForDependentsDeletion owners).</item>
/// <item>Foreground: the owner gets the <c>foregroundDeletion</c> finalizer (store.go,
/// deletionFinalizersForGarbageCollection), its dependents are deleted, and the owner goes once no dependent with
/// <c>blockOwnerDeletion: true</c> is left (garbagecollector.go, processDeletingDependentsItem); a dependent held by
/// its own finalizer keeps the owner.</item>
/// <item>Orphan: the owner gets the <c>orphan</c> finalizer, its dependents lose their references to it and stay
/// (garbagecollector.go, orphanDependents), then the finalizer goes and so does the owner.</item>
/// </list>
/// </summary>
public sealed partial class ObjectStore
{
    public const string ForegroundDeletion = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    /// <param name="propagationPolicy">Background, Foreground or Orphan.</param>
    public JsonObject Delete(ResourceType type, string ns, string name, string propagationPolicy = "Background")
    {
        lock (_gate)
        {
            var existing = Existing(type, ns, name);
            DeleteLocked(existing, propagationPolicy);
            return _objects.TryGetValue((type.Key, ns, name), out var left)
                ? (JsonObject)left.Body.DeepClone()
                : (JsonObject)existing.Body.DeepClone();
        }
    }

    private static bool IsDeleting(JsonObject body) => body["metadata"]?["deletionTimestamp"] is not null;

    private static List<string> Finalizers(JsonObject body) =>
        [.. (body["metadata"]?["finalizers"] as JsonArray ?? []).Select(item => item?.GetValue<string>() ?? "")];

    private static IEnumerable<(string Uid, bool Blocks)> OwnerReferences(JsonObject body) =>
        (body["metadata"]?["ownerReferences"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(owner => (owner["uid"]?.GetValue<string>() ?? "", owner["blockOwnerDeletion"]?.GetValue<bool>() == true));

    private static void RequireNoNewFinalizersWhileDeleting(StoredObject existing, JsonObject body)
    {
        if (IsDeleting(existing.Body) && Finalizers(body).Except(Finalizers(existing.Body)).Any())
        {
            throw new ApiException(422, "Invalid", $"{existing.Type.Kind} \"{existing.Name}\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted");
        }
    }

    private void DeleteLocked(StoredObject target, string policy)
    {
        var finalizers = Finalizers(target.Body);
        if (!IsDeleting(target.Body))
        {
            var gcFinalizer = policy switch
            {
                "Foreground" => ForegroundDeletion,
                "Orphan" => OrphanFinalizer,
                _ => null,
            };
            if (gcFinalizer is not null && !finalizers.Contains(gcFinalizer))
            {
                finalizers.Add(gcFinalizer);
            }

            if (finalizers.Count == 0)
            {
                RemoveLocked(target, target.Body);
                return;
            }

            var marked = (JsonObject)target.Body.DeepClone();
            var metadata = (JsonObject)marked["metadata"]!;
            metadata["deletionTimestamp"] = Now();
            metadata["deletionGracePeriodSeconds"] = 0;
            metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode?)f)]);
            target = Rewrite(target, marked);
        }

        RunGarbageCollectorFinalizers(target);
    }

    /// <summary>The collector's part of a deleting object: orphan or delete its dependents, then drop its finalizer.</summary>
    private void RunGarbageCollectorFinalizers(StoredObject owner)
    {
        var finalizers = Finalizers(owner.Body);
        if (owner.Uid is not { } uid)
        {
            return;
        }

        if (finalizers.Contains(OrphanFinalizer))
        {
            foreach (var dependent in DependentsOf(uid))
            {
                var orphaned = (JsonObject)dependent.Body.DeepClone();
                var references = (JsonArray)orphaned["metadata"]!["ownerReferences"]!;
                foreach (var reference in references.OfType<JsonObject>().Where(r => r["uid"]?.GetValue<string>() == uid).ToList())
                {
                    references.Remove(reference);
                }

                if (references.Count == 0)
                {
                    ((JsonObject)orphaned["metadata"]!).Remove("ownerReferences");
                }

                Rewrite(dependent, orphaned);
            }

            RemoveFinalizer(owner, OrphanFinalizer);
            return;
        }

        if (!finalizers.Contains(ForegroundDeletion))
        {
            return;
        }

        foreach (var dependent in DependentsOf(uid).Where(d => !IsDeleting(d.Body)))
        {
            if (Live(dependent) is { } current)
            {
                DeleteLocked(current, DependentsOf(current.Uid ?? "").Any() ? "Foreground" : "Background");
            }
        }

        FinishForegroundIfUnblocked(uid);
    }

    /// <summary>Removes the foregroundDeletion finalizer once no dependent that blocks the owner's deletion is left.</summary>
    private void FinishForegroundIfUnblocked(string ownerUid)
    {
        var owner = _objects.Values.FirstOrDefault(stored => stored.Uid == ownerUid);
        if (owner is null || !IsDeleting(owner.Body) || !Finalizers(owner.Body).Contains(ForegroundDeletion))
        {
            return;
        }

        var blocked = DependentsOf(ownerUid).Any(dependent => OwnerReferences(dependent.Body).Any(reference => reference.Uid == ownerUid && reference.Blocks));
        if (!blocked)
        {
            RemoveFinalizer(owner, ForegroundDeletion);
        }
    }

    private void RemoveFinalizer(StoredObject target, string finalizer)
    {
        var updated = (JsonObject)target.Body.DeepClone();
        var remaining = Finalizers(updated).Where(f => f != finalizer).ToList();
        if (remaining.Count == 0)
        {
            ((JsonObject)updated["metadata"]!).Remove("finalizers");
            RemoveLocked(new StoredObject(target.Type, updated, target.Fields), target.Body);
        }
        else
        {
            updated["metadata"]!["finalizers"] = new JsonArray([.. remaining.Select(f => (JsonNode?)f)]);
            Rewrite(target, updated);
        }
    }

    /// <summary>Takes the object out of the store and lets the collector handle what it owned and who waited for it.</summary>
    private void RemoveLocked(StoredObject target, JsonObject previous)
    {
        _objects.Remove((target.Type.Key, target.Namespace, target.Name));
        target.Body["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        Publish("DELETED", target, previous);

        if (target.Uid is { } uid)
        {
            CollectDependentsOf(uid);
        }

        foreach (var (ownerUid, _) in OwnerReferences(target.Body))
        {
            FinishForegroundIfUnblocked(ownerUid);
        }
    }

    /// <summary>After an owner is gone: a dependent with no owner left is deleted, one with a live owner loses the dangling reference.</summary>
    private void CollectDependentsOf(string goneUid)
    {
        foreach (var dependent in DependentsOf(goneUid))
        {
            if (Live(dependent) is not { } current)
            {
                continue;
            }

            var liveOwners = OwnerReferenceNodes(current.Body).Where(reference => reference["uid"]?.GetValue<string>() != goneUid && IsLive(reference, current.Namespace)).ToList();
            if (liveOwners.Count == 0)
            {
                if (!IsDeleting(current.Body))
                {
                    DeleteLocked(current, "Background");
                }

                continue;
            }

            var trimmed = (JsonObject)current.Body.DeepClone();
            var references = (JsonArray)trimmed["metadata"]!["ownerReferences"]!;
            foreach (var reference in references.OfType<JsonObject>().Where(r => r["uid"]?.GetValue<string>() == goneUid).ToList())
            {
                references.Remove(reference);
            }

            Rewrite(current, trimmed);
        }
    }

    /// <summary>
    /// A new object whose every owner is already gone (a write that raced its owner's deletion) is collected: the
    /// graph builder adds a virtual node for an owner it has not seen and queues it, and attemptToDeleteItem finds
    /// the owner absent by uid, so the dependent's references are all dangling and it is deleted in the background
    /// (pkg/controller/garbagecollector/graph_builder.go, addDependentToOwners; garbagecollector.go,
    /// attemptToDeleteItem and classifyReferences).
    /// </summary>
    private void CollectIfEveryOwnerIsGone(StoredObject created)
    {
        var owners = OwnerReferenceNodes(created.Body).ToList();
        if (owners.Count > 0 && !owners.Any(reference => IsLive(reference, created.Namespace)))
        {
            DeleteLocked(created, "Background");
        }
    }

    /// <summary>Where owners can live on the real server the fake forwards to (see <see cref="FakeKubeApi.RemoteOwners"/>).</summary>
    internal RemoteOwners? RemoteOwners { get; set; }

    /// <summary>An owner on a forwarded group was deleted on the real server: the collector looks at its dependents here.</summary>
    internal void CollectDependentsOfRemovedOwner(string uid)
    {
        lock (_gate)
        {
            CollectDependentsOf(uid);
        }
    }

    /// <summary>After a list of the real server's owners of one kind: dependents of owners it no longer has are collected.</summary>
    internal void CollectDependentsOfUnlistedRemoteOwners(string apiVersion, string kind, IReadOnlySet<string> listedUids)
    {
        lock (_gate)
        {
            var unlisted = _objects.Values
                .SelectMany(stored => OwnerReferenceNodes(stored.Body).Select(reference => (stored.Namespace, Reference: reference)))
                .Where(owner => owner.Reference["apiVersion"]?.GetValue<string>() == apiVersion && owner.Reference["kind"]?.GetValue<string>() == kind
                    && !listedUids.Contains(owner.Reference["uid"]?.GetValue<string>() ?? ""))
                .ToList();
            foreach (var gone in unlisted.Where(owner => !IsLive(owner.Reference, owner.Namespace)))
            {
                CollectDependentsOf(gone.Reference["uid"]!.GetValue<string>());
            }
        }
    }

    /// <summary>Owners on the forwarded groups are looked up on the real server, the rest in this store, by uid.</summary>
    private bool IsLive(JsonObject reference, string dependentNamespace)
    {
        var uid = reference["uid"]?.GetValue<string>() ?? "";
        var apiVersion = reference["apiVersion"]?.GetValue<string>() ?? "";
        return RemoteOwners is { } remote && remote.Serves(apiVersion)
            ? !remote.IsGone(apiVersion, reference["kind"]?.GetValue<string>() ?? "", dependentNamespace, reference["name"]?.GetValue<string>() ?? "", uid)
            : _objects.Values.Any(stored => stored.Uid == uid);
    }

    private void MonitorRemoteOwners(StoredObject stored)
    {
        if (RemoteOwners is not { } remote)
        {
            return;
        }

        foreach (var reference in OwnerReferenceNodes(stored.Body))
        {
            var apiVersion = reference["apiVersion"]?.GetValue<string>() ?? "";
            if (remote.Serves(apiVersion))
            {
                remote.Monitor(apiVersion, reference["kind"]?.GetValue<string>() ?? "");
            }
        }
    }

    private static IEnumerable<JsonObject> OwnerReferenceNodes(JsonObject body) =>
        (body["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>();

    private List<StoredObject> DependentsOf(string ownerUid) =>
        [.. _objects.Values.Where(stored => OwnerReferences(stored.Body).Any(reference => reference.Uid == ownerUid))];

    private StoredObject? Live(StoredObject stored) => _objects.GetValueOrDefault((stored.Type.Key, stored.Namespace, stored.Name));

    /// <summary>A system write (the collector's, the registry's) that keeps field ownership as it is.</summary>
    private StoredObject Rewrite(StoredObject target, JsonObject updated)
    {
        updated["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(target.Type, updated, target.Fields);
        _objects[(target.Type.Key, target.Namespace, target.Name)] = stored;
        Publish("MODIFIED", stored, target.Body);
        return stored;
    }
}
