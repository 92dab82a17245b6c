using System.Text.Json;
using System.Text.Json.Serialization;

namespace Realtime.Server.Operations;

/// <summary>The body of <c>/readyz</c>; <paramref name="Reason"/> says why when it is not ready.</summary>
public sealed record ReadinessReport(bool Ready, bool Draining, string Pod, string Backplane, string? BackplaneDetail,
    string? Reason);

[JsonSerializable(typeof(ReadinessReport))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext;
