using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>An API error, answered as a metav1.Status with the HTTP code, reason and message the real server uses.</summary>
public sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    /// <summary>The field errors of a 422 Invalid answer, listed in the Status details as the real server does.</summary>
    public IReadOnlyList<FieldCause> Causes { get; init; } = [];

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.Plural}.{type.Group} \"{name}\" not found");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.Plural}.{type.Group} \"{name}\" already exists");

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.Plural}.{type.Group} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>The 422 of generic/registry/store.go for a PUT without resourceVersion on a type that forbids unconditional updates.</summary>
    public static ApiException ResourceVersionRequired(ResourceType type, string name) =>
        new(422, "Invalid", $"{type.Plural}.{type.Group} \"{name}\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>
    /// 422 with the message k8s.io/apimachinery/pkg/api/errors/errors.go NewInvalid builds:
    /// <c>Kind.group "name" is invalid: cause</c>, or <c>[cause, cause]</c> for several.
    /// </summary>
    public static ApiException Invalid(string qualifiedKind, string name, IReadOnlyList<FieldCause> causes)
    {
        var list = causes.Count == 1 ? causes[0].ToString() : $"[{string.Join(", ", causes)}]";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {list}") { Causes = causes };
    }

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public JsonObject ToStatus()
    {
        var status = StatusBody(Code, Reason, Message);
        if (Causes.Count > 0)
        {
            status["details"] = new JsonObject
            {
                ["causes"] = new JsonArray([.. Causes.Select(cause => new JsonObject
                {
                    ["reason"] = cause.Reason,
                    ["message"] = cause.Body,
                    ["field"] = cause.Field,
                })]),
            };
        }

        return status;
    }

    public static JsonObject StatusBody(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };
}
