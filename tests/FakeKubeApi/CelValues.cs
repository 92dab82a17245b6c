using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>JSON as CEL sees a custom resource: maps, lists, int64, double, bool and string.</summary>
public static class CelValues
{
    public static object? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonObject map => map.ToDictionary(p => p.Key, p => Of(p.Value)),
        JsonArray list => list.Select(Of).ToList(),
        JsonValue scalar when scalar.TryGetValue<long>(out var number) => number,
        JsonValue scalar when scalar.TryGetValue<double>(out var real) => real,
        JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag,
        JsonValue scalar => scalar.GetValue<string>(),
        _ => throw new ArgumentException($"unexpected JSON node {node.GetType().Name}", nameof(node)),
    };
}
