using System.Text.Json;

namespace Realtime.Server.Api;

/// <summary>A validated publish request: emit <see cref="Event"/> with <see cref="Data"/> to rooms of a namespace.</summary>
/// <param name="Rooms">Target rooms; empty means every socket of the namespace.</param>
/// <param name="Data">The single event argument; null emits the event without arguments.</param>
public sealed record EmitCommand(string Namespace, string Event, JsonElement? Data, IReadOnlyList<string> Rooms);
