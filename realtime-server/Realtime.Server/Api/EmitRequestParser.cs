using System.Text.Json;
using Realtime.Server.App;

namespace Realtime.Server.Api;

/// <summary>
/// Turns the body of <c>POST /api/v1/emit</c> — <c>{event, data?, room? | rooms?, namespace?}</c> — into an
/// <see cref="EmitCommand"/>, or the one reason it was refused. Unknown fields are refused so a typo
/// (<c>"romm"</c>) cannot silently broadcast to everyone.
/// </summary>
public static class EmitRequestParser
{
    private static readonly HashSet<string> KnownFields = ["event", "data", "room", "rooms", "namespace"];

    public static EmitParseResult Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            return EmitParseResult.Invalid($"body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement);
        }
    }

    private static EmitParseResult Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return EmitParseResult.Invalid("body must be a JSON object {event, data, room | rooms, namespace}");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                return EmitParseResult.Invalid($"unknown field '{property.Name}'");
            }
        }

        if (!root.TryGetProperty("event", out var eventElement) || eventElement.ValueKind != JsonValueKind.String)
        {
            return EmitParseResult.Invalid("field 'event' is required and must be a string");
        }

        var eventName = eventElement.GetString();
        if (ContractRules.CheckEvent(eventName) is { } eventProblem)
        {
            return EmitParseResult.Invalid(eventProblem);
        }

        var nsp = "/";
        if (root.TryGetProperty("namespace", out var nspElement))
        {
            nsp = nspElement.ValueKind == JsonValueKind.String ? nspElement.GetString()! : string.Empty;
            if (!nsp.StartsWith('/') || nsp.Length > ContractRules.MaxRoomLength)
            {
                return EmitParseResult.Invalid("field 'namespace' must be a string starting with '/'");
            }
        }

        var rooms = ParseRooms(root, out var roomsProblem);
        if (roomsProblem is not null)
        {
            return EmitParseResult.Invalid(roomsProblem);
        }

        JsonElement? data = root.TryGetProperty("data", out var dataElement) ? dataElement.Clone() : null;
        return EmitParseResult.Valid(new EmitCommand(nsp, eventName!, data, rooms));
    }

    private static List<string> ParseRooms(JsonElement root, out string? problem)
    {
        problem = null;
        var hasRoom = root.TryGetProperty("room", out var room);
        var hasRooms = root.TryGetProperty("rooms", out var rooms);
        if (hasRoom && hasRooms)
        {
            problem = "give either 'room' or 'rooms', not both";
            return [];
        }

        if (hasRoom)
        {
            problem = room.ValueKind == JsonValueKind.String ? ContractRules.CheckRoom(room.GetString()) : "field 'room' must be a string";
            return problem is null ? [room.GetString()!] : [];
        }

        if (!hasRooms)
        {
            return [];
        }

        if (rooms.ValueKind != JsonValueKind.Array || rooms.GetArrayLength() == 0
            || rooms.GetArrayLength() > ContractRules.MaxRoomsPerRequest)
        {
            problem = $"field 'rooms' must be an array of 1 to {ContractRules.MaxRoomsPerRequest} room names";
            return [];
        }

        var result = new List<string>();
        foreach (var item in rooms.EnumerateArray())
        {
            problem = item.ValueKind == JsonValueKind.String ? ContractRules.CheckRoom(item.GetString()) : "field 'rooms' must hold strings";
            if (problem is not null)
            {
                return [];
            }

            result.Add(item.GetString()!);
        }

        return result.Distinct(StringComparer.Ordinal).ToList();
    }
}
