using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Server.Operations;

/// <summary>The body of <c>/readyz</c>.</summary>
public sealed record ReadinessReport(bool Ready, bool Draining, string Pod, string Backplane, string? BackplaneDetail);

[JsonSerializable(typeof(ReadinessReport))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext;
