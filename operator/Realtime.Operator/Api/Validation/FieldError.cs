namespace Realtime.Operator.Api.Validation;

/// <summary>One reason a RealtimeCluster is rejected: the field at fault (e.g. <c>spec.redis.mode</c>) and why.</summary>
public sealed record FieldError(string FieldPath, string Message)
{
    public override string ToString() => $"{FieldPath}: {Message}";
}
