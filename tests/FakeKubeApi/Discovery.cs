using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>The discovery documents (/api, /apis, /api/v1, /apis/{group}/{version}, /version) for the registered resources.</summary>
internal static class Discovery
{
    private static readonly string[] Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"];

    public static JsonObject? TryAnswer(string[] segments, IReadOnlyList<ResourceType> types) => segments switch
    {
        ["version"] => new JsonObject { ["major"] = "1", ["minor"] = "34", ["gitVersion"] = "v1.34.0-fake" },
        ["api"] => new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") },
        ["apis"] => Groups(types),
        ["api", var version] => Resources(types, "", version),
        ["apis", var group, var version] => Resources(types, group, version),
        _ => null,
    };

    private static JsonObject Groups(IReadOnlyList<ResourceType> types) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. types.Where(type => type.Group.Length > 0).GroupBy(type => type.Group).Select(group =>
        {
            var versions = group.Select(type => type.Version).Distinct().Select(version =>
                (JsonNode)new JsonObject { ["groupVersion"] = $"{group.Key}/{version}", ["version"] = version }).ToArray();
            return (JsonNode)new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = versions[0].DeepClone(),
            };
        })]),
    };

    private static JsonObject? Resources(IReadOnlyList<ResourceType> types, string group, string version)
    {
        var matching = types.Where(type => type.Group == group && type.Version == version).ToArray();
        if (matching.Length == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var type in matching)
        {
            resources.Add(new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Kind.ToLowerInvariant(),
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray([.. Verbs.Select(verb => (JsonNode)verb)]),
            });
            if (type.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = type.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }
}
