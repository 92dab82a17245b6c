using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>One object in the fake's store: its JSON as the server returns it and its field ownership.</summary>
internal sealed class StoredObject(ResourceType type, JsonObject body, ManagedFields fields)
{
    public ResourceType Type { get; } = type;

    public JsonObject Body { get; } = body;

    public ManagedFields Fields { get; } = fields;

    public string Namespace => Body["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    public string Name => Body["metadata"]?["name"]?.GetValue<string>() ?? "";

    public string? Uid => Body["metadata"]?["uid"]?.GetValue<string>();
}

/// <summary>One change in the store's history, which watches replay and stream; <paramref name="Previous"/> is the object before it.</summary>
internal sealed record WatchRecord(long ResourceVersion, ResourceType Type, string Namespace, string EventType, JsonObject Object, JsonObject? Previous);
