namespace Realtime.FakeKubeApi;

/// <summary>
/// One cause of a 422 Invalid answer, as k8s.io/apimachinery/pkg/util/validation/field/errors.go prints it:
/// <c>{Field}: {Body}</c>, where the body is e.g. <c>Invalid value: "object": detail</c> or <c>Required value: detail</c>.
/// </summary>
public sealed record FieldCause(string Field, string Reason, string Body)
{
    public static FieldCause Invalid(string field, string? shownValue, string detail) =>
        new(field, "FieldValueInvalid", shownValue is null ? $"Invalid value: {detail}" : $"Invalid value: {shownValue}: {detail}");

    public static FieldCause Required(string field, string detail) => new(field, "FieldValueRequired", $"Required value: {detail}");

    public static FieldCause Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldCause Unsupported(string field, string shownValue, string detail) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {shownValue}: {detail}");

    public override string ToString() => $"{Field}: {Body}";
}
