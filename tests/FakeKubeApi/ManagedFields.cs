using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Which manager owns which field paths of one object, as the API server tracks it for server-side apply: one entry
/// per (manager, operation, subresource). An apply owns exactly the fields it sent; an update owns the fields it
/// changed; a forced apply or an update takes the fields from other managers.
/// </summary>
public sealed class ManagedFields
{
    private readonly Dictionary<(string Manager, string Operation, string Subresource), HashSet<string>> _entries = [];

    public ManagedFields Clone()
    {
        var copy = new ManagedFields();
        foreach (var (key, paths) in _entries)
        {
            copy._entries[key] = new HashSet<string>(paths, StringComparer.Ordinal);
        }

        return copy;
    }

    public IReadOnlySet<string> OwnedBy(string manager, string operation, string subresource) =>
        _entries.TryGetValue((manager, operation, subresource), out var paths) ? paths : new HashSet<string>();

    /// <summary>Managers other than the given entry owning a field that overlaps the path.</summary>
    public IEnumerable<string> OtherOwners(string path, string manager, string operation, string subresource) =>
        _entries.Where(entry => entry.Key != (manager, operation, subresource) && entry.Value.Any(owned => FieldPaths.Overlaps(owned, path)))
            .Select(entry => entry.Key.Manager)
            .Distinct();

    public void Replace(string manager, string operation, string subresource, IEnumerable<string> paths)
    {
        var set = new HashSet<string>(paths, StringComparer.Ordinal);
        if (set.Count == 0)
        {
            _entries.Remove((manager, operation, subresource));
        }
        else
        {
            _entries[(manager, operation, subresource)] = set;
        }
    }

    /// <summary>Takes the paths away from every entry but the given one.</summary>
    public void TakeFromOthers(IEnumerable<string> paths, string manager, string operation, string subresource)
    {
        var taken = paths.ToArray();
        foreach (var (key, owned) in _entries.ToArray())
        {
            if (key == (manager, operation, subresource))
            {
                continue;
            }

            owned.RemoveWhere(path => taken.Any(t => FieldPaths.Overlaps(path, t)));
            if (owned.Count == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    public void Add(string manager, string operation, string subresource, IEnumerable<string> paths)
    {
        if (!_entries.TryGetValue((manager, operation, subresource), out var owned))
        {
            owned = new HashSet<string>(StringComparer.Ordinal);
            _entries[(manager, operation, subresource)] = owned;
        }

        owned.UnionWith(paths);
        if (owned.Count == 0)
        {
            _entries.Remove((manager, operation, subresource));
        }
    }

    public void Forget(IEnumerable<string> removedPaths)
    {
        var removed = removedPaths.ToArray();
        foreach (var (key, owned) in _entries.ToArray())
        {
            owned.RemoveWhere(path => removed.Any(r => FieldPaths.IsUnder(path, r)));
            if (owned.Count == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    public bool SameAs(ManagedFields other) =>
        _entries.Count == other._entries.Count
        && _entries.All(entry => other._entries.TryGetValue(entry.Key, out var paths) && paths.SetEquals(entry.Value));

    /// <summary>The metadata.managedFields array a real server would return.</summary>
    public JsonArray ToJson(string apiVersion, string time) =>
    [
        .. _entries.OrderBy(entry => entry.Key.Manager, StringComparer.Ordinal).Select(entry =>
        {
            var item = new JsonObject
            {
                ["manager"] = entry.Key.Manager,
                ["operation"] = entry.Key.Operation,
                ["apiVersion"] = apiVersion,
                ["time"] = time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = FieldPaths.ToFieldsV1(entry.Value),
            };
            if (entry.Key.Subresource.Length > 0)
            {
                item["subresource"] = entry.Key.Subresource;
            }

            return (JsonNode)item;
        }),
    ];
}
