namespace Realtime.Operator.Api.Manifests;

/// <summary>Why an input manifest is rejected, located for a person: <c>file:line:column: field: reason</c>.</summary>
public sealed record ManifestError(string Source, long Line, long Column, string? FieldPath, string Message)
{
    public override string ToString()
    {
        var location = Line > 0 ? $"{Source}:{Line}:{Column}" : Source;
        return FieldPath is null ? $"{location}: {Message}" : $"{location}: {FieldPath}: {Message}";
    }
}
