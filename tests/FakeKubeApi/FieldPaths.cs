using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Field paths as JSON pointers ("/spec/replicas", "/metadata/annotations/a~1b"): the leaves of an object, and
/// reading, writing and removing a value at a path. Lists and scalars are leaves (lists are atomic here).
/// </summary>
public static class FieldPaths
{
    private static readonly string[] SystemPaths =
    [
        "/apiVersion", "/kind", "/metadata/name", "/metadata/namespace", "/metadata/uid", "/metadata/resourceVersion",
        "/metadata/generation", "/metadata/creationTimestamp", "/metadata/managedFields", "/metadata/deletionTimestamp",
        "/metadata/deletionGracePeriodSeconds", "/metadata/selfLink",
    ];

    public static HashSet<string> Leaves(JsonNode? node)
    {
        var leaves = new HashSet<string>(StringComparer.Ordinal);
        Collect(node, "", leaves);
        leaves.RemoveWhere(IsSystem);
        return leaves;
    }

    public static bool IsSystem(string path) => SystemPaths.Any(system => path == system || path.StartsWith(system + "/", StringComparison.Ordinal));

    public static bool IsUnder(string path, string prefix) => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);

    /// <summary>True when one path contains the other (they name overlapping fields).</summary>
    public static bool Overlaps(string a, string b) => IsUnder(a, b) || IsUnder(b, a);

    public static JsonNode? Get(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static bool Has(JsonNode? root, string path)
    {
        var node = root;
        foreach (var segment in Segments(path))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment, out node))
            {
                return false;
            }
        }

        return true;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = Segments(path);
        var current = root;
        foreach (var segment in segments[..^1])
        {
            if (current[segment] is not JsonObject child)
            {
                child = [];
                current[segment] = child;
            }

            current = child;
        }

        current[segments[^1]] = value?.DeepClone();
    }

    /// <summary>Removes the value and any parent objects the removal leaves empty.</summary>
    public static void Remove(JsonObject root, string path)
    {
        var segments = Segments(path);
        var chain = new List<JsonObject> { root };
        foreach (var segment in segments[..^1])
        {
            if (chain[^1][segment] is not JsonObject child)
            {
                return;
            }

            chain.Add(child);
        }

        chain[^1].Remove(segments[^1]);
        for (var i = chain.Count - 1; i > 0 && chain[i].Count == 0; i--)
        {
            chain[i - 1].Remove(segments[i - 1]);
        }
    }

    /// <summary>Renders a set of paths in the API server's FieldsV1 shape ({"f:spec":{"f:replicas":{}}}).</summary>
    public static JsonObject ToFieldsV1(IEnumerable<string> paths)
    {
        var root = new JsonObject();
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var current = root;
            foreach (var segment in Segments(path))
            {
                var key = "f:" + segment;
                if (current[key] is not JsonObject child)
                {
                    child = [];
                    current[key] = child;
                }

                current = child;
            }
        }

        return root;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string[] Segments(string path) =>
        [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];

    private static void Collect(JsonNode? node, string path, HashSet<string> into)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (key, value) in obj)
            {
                Collect(value, $"{path}/{Escape(key)}", into);
            }
        }
        else if (path.Length > 0)
        {
            into.Add(path);
        }
    }
}
