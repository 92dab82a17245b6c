using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// The fake API server's storage: objects by resource, namespace and name; one global resourceVersion counter that
/// every write bumps; a bounded history that watches replay from; optimistic concurrency, the status subresource,
/// generation, server-side apply, the scale subresource, and deletion with finalizers and owner-reference garbage
/// collection (ObjectStore.Deletion.cs).
/// </summary>
public sealed partial class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ResourceType> _types = [];
    private readonly Dictionary<(string Type, string Namespace, string Name), StoredObject> _objects = [];
    private readonly LinkedList<WatchRecord> _history = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly TimeProvider _time;
    private long _resourceVersion = 1000;
    private long _oldestReplayable = 1000;

    public ObjectStore(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        foreach (var type in ResourceType.BuiltIn)
        {
            Register(type);
        }
    }

    /// <summary>How many changes watches can replay; an older resourceVersion gets 410 Gone.</summary>
    public int HistoryLimit { get; set; } = 50_000;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public IReadOnlyList<ResourceType> Types
    {
        get
        {
            lock (_gate)
            {
                return [.. _types.Values];
            }
        }
    }

    public void Register(ResourceType type)
    {
        lock (_gate)
        {
            _types[type.Key] = type;
        }
    }

    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
        {
            return _types.GetValueOrDefault($"{group}/{version}/{plural}");
        }
    }

    /// <summary>Forgets the whole watch history, as etcd compaction does: every watch resuming from before now gets 410.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _oldestReplayable = _resourceVersion;
        }
    }

    public JsonObject Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((type.Key, ns, name), out var stored)
                ? (JsonObject)stored.Body.DeepClone()
                : throw ApiException.NotFound(type, name);
        }
    }

    public JsonObject? TryGet(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((type.Key, ns, name), out var stored) ? (JsonObject)stored.Body.DeepClone() : null;
        }
    }

    /// <param name="ns">A namespace, or null for every namespace.</param>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, LabelSelector selector) =>
        List(type, ns, new ObjectSelector(selector, FieldSelector.Everything));

    /// <param name="ns">A namespace, or null for every namespace.</param>
    public (List<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, ObjectSelector selector)
    {
        lock (_gate)
        {
            var items = _objects.Values
                .Where(stored => stored.Type == type && (ns is null || stored.Namespace == ns) && selector.Matches(stored.Body))
                .OrderBy(stored => stored.Namespace, StringComparer.Ordinal).ThenBy(stored => stored.Name, StringComparer.Ordinal)
                .Select(stored => (JsonObject)stored.Body.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    public JsonObject Create(ResourceType type, string ns, JsonObject body, string manager)
    {
        lock (_gate)
        {
            var name = RequireIdentity(type, ns, body);
            if (_objects.ContainsKey((type.Key, ns, name)))
            {
                throw ApiException.AlreadyExists(type, name);
            }

            var created = (JsonObject)body.DeepClone();
            if (type.HasStatus)
            {
                created.Remove("status");
            }

            InitialiseMetadata(type, ns, name, created);
            var fields = new ManagedFields();
            fields.Add(manager, "Update", "", FieldPaths.Leaves(created));
            return Commit(type, ns, name, null, created, fields);
        }
    }

    /// <summary>PUT: replaces the object (or only its status through the status subresource).</summary>
    public JsonObject Update(ResourceType type, string ns, string name, JsonObject body, string manager, string subresource)
    {
        lock (_gate)
        {
            var existing = Existing(type, ns, name);
            RequireIdentity(type, ns, body, name);

            // Optimistic concurrency as staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go (Update)
            // decides it: no resourceVersion is an unconditional update only where the type's strategy allows one,
            // else 422; a resourceVersion other than the stored one is a 409 Conflict.
            var sentVersion = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (string.IsNullOrEmpty(sentVersion) && !type.AllowUnconditionalUpdate)
            {
                throw ApiException.ResourceVersionRequired(type, name);
            }

            if (!string.IsNullOrEmpty(sentVersion) && sentVersion != existing.Body["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type, name);
            }

            return UpdateFrom(existing, Scoped(existing, body, subresource), manager, subresource);
        }
    }

    /// <summary>PATCH with a JSON merge patch (RFC 7386); strategic merge patches are treated the same way.</summary>
    public JsonObject MergePatch(ResourceType type, string ns, string name, JsonObject patch, string manager, string subresource)
    {
        lock (_gate)
        {
            var existing = Existing(type, ns, name);
            var sentVersion = patch["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(sentVersion) && sentVersion != existing.Body["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type, name);
            }

            var merged = (JsonObject)existing.Body.DeepClone();
            MergeInto(merged, patch);
            return UpdateFrom(existing, Scoped(existing, merged, subresource), manager, subresource);
        }
    }

    /// <summary>
    /// Server-side apply: the manager ends up owning exactly the fields it sent. Fields it sent last time but not
    /// now are removed unless another manager also owns them. Without force, a field owned by another manager
    /// with a different value is a 409 conflict.
    /// </summary>
    public JsonObject Apply(ResourceType type, string ns, string name, JsonObject body, string manager, bool force, string subresource)
    {
        lock (_gate)
        {
            RequireIdentity(type, ns, body, name);
            var existing = _objects.GetValueOrDefault((type.Key, ns, name));
            if (existing is null && subresource.Length > 0)
            {
                throw ApiException.NotFound(type, name);
            }

            var live = existing is null ? NewShell(type, ns, name) : (JsonObject)existing.Body.DeepClone();
            var fields = existing?.Fields.Clone() ?? new ManagedFields();
            var sent = FieldPaths.Leaves(body);
            sent.RemoveWhere(path => !InScope(type, path, subresource));
            var previouslyOwned = fields.OwnedBy(manager, "Apply", subresource).ToArray();

            // A field sent with the value it already has is shared with its other owners; only a changed value
            // conflicts, and only a forced apply takes it from them (structured-merge-diff merge/update.go, Apply
            // and update: conflicts are the managed fields whose value differs; force removes exactly those from the
            // other managers' sets).
            var changed = sent.Where(path => !JsonNode.DeepEquals(FieldPaths.Get(live, path), FieldPaths.Get(body, path))).ToArray();
            if (!force && existing is not null)
            {
                var conflicts = changed
                    .SelectMany(path => fields.OtherOwners(path, manager, "Apply", subresource).Select(owner => $"conflict with \"{owner}\": {path.Replace('/', '.')}"))
                    .ToList();
                if (conflicts.Count > 0)
                {
                    throw new ApiException(409, "Conflict", $"Apply failed with {conflicts.Count} conflict(s): {string.Join("; ", conflicts)}");
                }
            }

            // A field the manager stopped sending is removed only when no other manager owns it
            // (structured-merge-diff merge/update.go, prune); the type's defaults then apply in Commit.
            foreach (var dropped in previouslyOwned.Where(path => !sent.Contains(path)))
            {
                if (!fields.OtherOwners(dropped, manager, "Apply", subresource).Any())
                {
                    FieldPaths.Remove(live, dropped);
                }
            }

            foreach (var path in sent)
            {
                FieldPaths.Set(live, path, FieldPaths.Get(body, path));
            }

            fields.TakeFromOthers(changed, manager, "Apply", subresource);
            fields.Replace(manager, "Apply", subresource, sent);
            if (existing is null)
            {
                InitialiseMetadata(type, ns, name, live);
            }

            return Commit(type, ns, name, existing, live, fields);
        }
    }

    /// <summary>
    /// A write through the scale subresource (the HPA controller, <c>kubectl scale</c>): an Update of spec.replicas
    /// only. The writer's entry is recorded as an Update with subresource "scale" owning spec.replicas, and a changed
    /// value takes the field from its other owners (staging/src/k8s.io/apimachinery/pkg/util/managedfields/
    /// scalehandler.go, ToParent: a manager that lost replicas in the scale update loses spec.replicas on the parent,
    /// the scale manager's entry maps onto spec.replicas).
    /// </summary>
    public JsonObject UpdateScale(ResourceType type, string ns, string name, int replicas, string manager, string? sentResourceVersion)
    {
        lock (_gate)
        {
            var existing = Existing(type, ns, name);
            if (!string.IsNullOrEmpty(sentResourceVersion) && sentResourceVersion != existing.Body["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw ApiException.Conflict(type, name);
            }

            if (replicas < 0)
            {
                throw new ApiException(422, "Invalid", $"Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0");
            }

            var updated = (JsonObject)existing.Body.DeepClone();
            FieldPaths.Set(updated, "/spec/replicas", replicas);
            return UpdateFrom(existing, updated, manager, "scale");
        }
    }

    /// <summary>The autoscaling/v1 Scale view of a Deployment or StatefulSet.</summary>
    public static JsonObject ScaleOf(JsonObject workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var metadata = workload["metadata"]!;
        var matchLabels = workload["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload["spec"]?["replicas"]?.DeepClone() ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = string.Join(",", matchLabels.Select(label => $"{label.Key}={label.Value}")),
            },
        };
    }

    internal WatchSubscription Subscribe(ResourceType type, string? ns, string? fromResourceVersion, ObjectSelector selector)
    {
        lock (_gate)
        {
            var subscription = new WatchSubscription(type, ns, selector);
            if (string.IsNullOrEmpty(fromResourceVersion) || fromResourceVersion == "0")
            {
                foreach (var stored in _objects.Values.Where(stored => subscription.Matches(stored.Type, stored.Namespace, stored.Body)))
                {
                    subscription.Offer(WatchLine("ADDED", stored.Body));
                }
            }
            else
            {
                if (!long.TryParse(fromResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
                {
                    throw ApiException.BadRequest($"invalid resourceVersion '{fromResourceVersion}'");
                }

                if (from < _oldestReplayable)
                {
                    throw ApiException.Gone($"too old resource version: {from} ({_oldestReplayable})");
                }

                foreach (var record in _history.Where(record => record.ResourceVersion > from))
                {
                    if (subscription.EventFor(record) is { } line)
                    {
                        subscription.Offer(line);
                    }
                }
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>Ends every open watch, as an API server restart or a load balancer reset would.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var subscription in _subscribers)
            {
                subscription.Close();
            }

            _subscribers.Clear();
        }
    }

    internal static string WatchLine(string eventType, JsonObject item) =>
        new JsonObject { ["type"] = eventType, ["object"] = item.DeepClone() }.ToJsonString();

    private StoredObject Existing(ResourceType type, string ns, string name) =>
        _objects.GetValueOrDefault((type.Key, ns, name)) ?? throw ApiException.NotFound(type, name);

    private static bool InScope(ResourceType type, string path, string subresource) =>
        subresource == "status" ? FieldPaths.IsUnder(path, "/status") : !type.HasStatus || !FieldPaths.IsUnder(path, "/status");

    /// <summary>The object a write through the main resource or the status subresource leads to.</summary>
    private static JsonObject Scoped(StoredObject existing, JsonObject written, string subresource)
    {
        if (subresource == "status")
        {
            var result = (JsonObject)existing.Body.DeepClone();
            result["status"] = written["status"]?.DeepClone();
            return result;
        }

        var updated = (JsonObject)written.DeepClone();
        if (existing.Type.HasStatus)
        {
            updated.Remove("status");
            if (existing.Body["status"] is { } status)
            {
                updated["status"] = status.DeepClone();
            }
        }

        var metadata = updated["metadata"] as JsonObject ?? [];
        updated["metadata"] = metadata;
        foreach (var system in new[] { "uid", "creationTimestamp", "generation", "namespace", "name", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            metadata[system] = existing.Body["metadata"]![system]?.DeepClone();
        }

        return updated;
    }

    private JsonObject UpdateFrom(StoredObject existing, JsonObject updated, string manager, string subresource)
    {
        var before = FieldPaths.Leaves(existing.Body);
        var after = FieldPaths.Leaves(updated);
        var changed = after.Where(path => !before.Contains(path) || !JsonNode.DeepEquals(FieldPaths.Get(existing.Body, path), FieldPaths.Get(updated, path))).ToArray();
        var fields = existing.Fields.Clone();
        fields.Forget(before.Where(path => !after.Contains(path)));
        fields.TakeFromOthers(changed, manager, "Update", subresource);
        fields.Add(manager, "Update", subresource, changed);
        return Commit(existing.Type, existing.Namespace, existing.Name, existing, updated, fields);
    }

    private JsonObject Commit(ResourceType type, string ns, string name, StoredObject? existing, JsonObject body, ManagedFields fields)
    {
        ApplyDefaults(type, body);

        if (existing is not null && JsonNode.DeepEquals(Comparable(existing.Body), Comparable(body)) && existing.Fields.SameAs(fields))
        {
            return (JsonObject)existing.Body.DeepClone();
        }

        if (existing is not null)
        {
            RequireNoNewFinalizersWhileDeleting(existing, body);
        }

        var metadata = (JsonObject)body["metadata"]!;
        var generation = existing?.Body["metadata"]?["generation"]?.GetValue<long>() ?? 1;
        if (existing is not null && !JsonNode.DeepEquals(SpecPart(type, existing.Body), SpecPart(type, body)))
        {
            generation++;
        }

        metadata["generation"] = generation;
        metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        metadata["managedFields"] = fields.ToJson(type.ApiVersion, Now());
        var stored = new StoredObject(type, body, fields);
        if (existing is not null && IsDeleting(body) && Finalizers(body).Count == 0)
        {
            // The write removed the last finalizer of an object being deleted: the write is the deletion.
            RemoveLocked(stored, existing.Body);
            return (JsonObject)body.DeepClone();
        }

        _objects[(type.Key, ns, name)] = stored;
        Publish(existing is null ? "ADDED" : "MODIFIED", stored, existing?.Body);
        MonitorRemoteOwners(stored);
        if (existing is null)
        {
            CollectIfEveryOwnerIsGone(stored);
        }

        return (JsonObject)body.DeepClone();
    }

    /// <param name="previous">The object before the change, so a selecting watch sees it enter or leave its selection.</param>
    private void Publish(string eventType, StoredObject stored, JsonObject? previous)
    {
        var snapshot = (JsonObject)stored.Body.DeepClone();
        var record = new WatchRecord(_resourceVersion, stored.Type, stored.Namespace, eventType, snapshot, (JsonObject?)previous?.DeepClone());
        _history.AddLast(record);
        while (_history.Count > HistoryLimit)
        {
            _oldestReplayable = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var subscription in _subscribers.ToArray())
        {
            if (subscription.EventFor(record) is { } line && !subscription.Offer(line))
            {
                _subscribers.Remove(subscription);
            }
        }
    }

    private string RequireIdentity(ResourceType type, string ns, JsonObject body, string? expectedName = null)
    {
        var apiVersion = body["apiVersion"]?.GetValue<string>();
        var kind = body["kind"]?.GetValue<string>();
        if (apiVersion is not null && apiVersion != type.ApiVersion || kind is not null && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the body's {apiVersion}/{kind} does not match the resource {type.ApiVersion}/{type.Kind}");
        }

        var name = body["metadata"]?["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            if (expectedName is null)
            {
                throw new ApiException(422, "Invalid", $"{type.Kind} is invalid: metadata.name: Required value");
            }

            return expectedName;
        }

        if (expectedName is not null && name != expectedName)
        {
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({expectedName})");
        }

        var bodyNamespace = body["metadata"]?["namespace"]?.GetValue<string>();
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != ns)
        {
            throw ApiException.BadRequest($"the namespace of the object ({bodyNamespace}) does not match the namespace on the request ({ns})");
        }

        return name;
    }

    private void InitialiseMetadata(ResourceType type, string ns, string name, JsonObject body)
    {
        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        metadata["name"] = name;
        if (type.Namespaced)
        {
            metadata["namespace"] = ns;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
    }

    private static JsonObject NewShell(ResourceType type, string ns, string name) => new()
    {
        ["apiVersion"] = type.ApiVersion,
        ["kind"] = type.Kind,
        ["metadata"] = type.Namespaced ? new JsonObject { ["name"] = name, ["namespace"] = ns } : new JsonObject { ["name"] = name },
    };

    /// <summary>
    /// The API server's defaulting that callers can observe: Secret stringData folded into data
    /// (pkg/apis/core/v1/conversion.go), Deployment replicas 1 (pkg/apis/apps/v1/defaults.go,
    /// SetDefaults_Deployment). Defaulting runs on every write, so a replicas field that server-side apply removed
    /// (its only manager stopped sending it) comes back as 1, owned by nobody.
    /// </summary>
    private static void ApplyDefaults(ResourceType type, JsonObject body)
    {
        if (type.Kind == "Secret")
        {
            FoldStringData(body);
        }
        else if (type.Kind == "Deployment" && body["spec"] is JsonObject spec && spec["replicas"] is null)
        {
            spec["replicas"] = 1;
        }
    }

    /// <summary>As the API server does, stringData is write-only: merged into data (base64) and never stored.</summary>
    private static void FoldStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = secret["data"] as JsonObject ?? [];
        secret["data"] = data;
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
        }

        secret.Remove("stringData");
    }

    private static JsonObject Comparable(JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        if (copy["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
            metadata.Remove("managedFields");
            metadata.Remove("generation");
        }

        return copy;
    }

    private static JsonObject SpecPart(ResourceType type, JsonObject body)
    {
        var copy = (JsonObject)body.DeepClone();
        copy.Remove("metadata");
        if (type.HasStatus)
        {
            copy.Remove("status");
        }

        return copy;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject && target[key] is JsonObject targetObject)
            {
                MergeInto(targetObject, patchObject);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
