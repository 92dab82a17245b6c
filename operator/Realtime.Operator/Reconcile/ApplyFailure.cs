using System.Text.Json;
using k8s.Autorest;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// One child the reconcile could not apply, prune or wait for: the apiserver's answer (HTTP code and the Status
/// object's reason, e.g. Invalid, Conflict, Forbidden) when it gave one.
/// </summary>
internal sealed record ApplyFailure(string Operation, string Child, int? StatusCode, string? Reason, string Message)
{
    private const int MaxMessageCharacters = 300;

    public static ApplyFailure From(string operation, string child, HttpOperationException error)
    {
        var content = error.Response.Content ?? "";
        string? reason = null;
        var message = content.Length > MaxMessageCharacters ? content[..MaxMessageCharacters] : content;
        try
        {
            using var status = JsonDocument.Parse(content);
            if (status.RootElement.ValueKind == JsonValueKind.Object)
            {
                reason = status.RootElement.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                message = status.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? message : message;
            }
        }
        catch (JsonException)
        {
            // Not a Status body; report it as it came.
        }

        return new ApplyFailure(operation, child, (int)error.Response.StatusCode, reason, message);
    }

    public override string ToString() =>
        StatusCode is { } code ? $"{Operation}{Child}: {code} {Message}" : $"{Operation}{Child}: {Message}";
}
