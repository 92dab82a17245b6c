using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Validates a value against an OpenAPI v3 schema node the way the apiextensions-apiserver validates a CRD's
/// defaults (k8s.io/kube-openapi/pkg/validation/validate, with its messages from pkg/validation/errors/schema.go,
/// turned into field errors by k8s.io/apiextensions-apiserver/pkg/apiserver/validation/validation.go
/// kubeOpenAPIResultToFieldErrors). Covered: type, enum, minimum/maximum, minLength/maxLength, pattern, required,
/// minItems/maxItems and nested properties, items and additionalProperties.
/// </summary>
public static class SchemaValueValidator
{
    /// <summary><paramref name="name"/> is the value's path below the validated node, empty at the node itself (as kube-openapi names it).</summary>
    public static void Validate(JsonObject schema, JsonNode? value, string path, string name, List<FieldCause> causes)
    {
        if (value is null)
        {
            return;
        }

        var type = (string?)schema["type"];
        if (type is not null && !HasType(value, type))
        {
            causes.Add(new FieldCause(path, "FieldValueTypeInvalid",
                $"Invalid value: {Shown(value)}: {name} in body must be of type {type}: \"{JsonType(value)}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(option => JsonNode.DeepEquals(option, value)))
        {
            var values = string.Join(", ", allowed.Select(option => option is JsonValue v && v.TryGetValue<string>(out var s) ? $"\"{s}\"" : option?.ToJsonString()));
            causes.Add(FieldCause.Unsupported(path, Shown(value), $"supported values: {values}"));
        }

        switch (value)
        {
            case JsonValue scalar when scalar.TryGetValue<double>(out var number) && (type is "integer" or "number"):
                if (schema["maximum"] is { } maximum && number > (double)maximum)
                {
                    causes.Add(FieldCause.Invalid(path, Shown(value), $"{name} in body should be less than or equal to {Number(maximum)}"));
                }

                if (schema["minimum"] is { } minimum && number < (double)minimum)
                {
                    causes.Add(FieldCause.Invalid(path, Shown(value), $"{name} in body should be greater than or equal to {Number(minimum)}"));
                }

                break;
            case JsonValue scalar when scalar.TryGetValue<string>(out var text):
                var length = new StringInfo(text).LengthInTextElements;
                if (schema["maxLength"] is { } maxLength && length > (long)maxLength)
                {
                    causes.Add(new FieldCause(path, "FieldValueTooLong", $"Too long: may not be more than {(long)maxLength} bytes"));
                }

                if (schema["minLength"] is { } minLength && length < (long)minLength)
                {
                    causes.Add(FieldCause.Invalid(path, Shown(value), $"{name} in body should be at least {(long)minLength} chars long"));
                }

                if (schema["pattern"] is { } pattern && !Regex.IsMatch(text, (string)pattern!))
                {
                    causes.Add(FieldCause.Invalid(path, Shown(value), $"{name} in body should match '{(string)pattern!}'"));
                }

                break;
            case JsonArray list:
                if (schema["maxItems"] is { } maxItems && list.Count > (long)maxItems)
                {
                    causes.Add(new FieldCause(path, "FieldValueTooMany", $"Too many: {list.Count}: must have at most {(long)maxItems} items"));
                }

                if (schema["minItems"] is { } minItems && list.Count < (long)minItems)
                {
                    causes.Add(FieldCause.Invalid(path, Shown(value), $"{name} in body should have at least {(long)minItems} items"));
                }

                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        Validate(items, list[i], $"{path}[{i}]", $"{name}[{i}]", causes);
                    }
                }

                break;
            case JsonObject map:
                foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
                {
                    if (!map.ContainsKey(required))
                    {
                        causes.Add(FieldCause.Required(Child(path, required), ""));
                    }
                }

                var properties = schema["properties"] as JsonObject;
                foreach (var (key, child) in map)
                {
                    var childSchema = properties?[key] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                    if (childSchema is not null)
                    {
                        Validate(childSchema, child, Child(path, key), name.Length == 0 ? key : $"{name}.{key}", causes);
                    }
                }

                break;
        }
    }

    private static string Child(string path, string key) => $"{path}.{key}";

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.TryGetValue<string>(out _),
        "boolean" => value is JsonValue v && v.TryGetValue<bool>(out _),
        "integer" => value is JsonValue v && v.TryGetValue<long>(out _),
        "number" => value is JsonValue v && v.TryGetValue<double>(out _),
        _ => true,
    };

    private static string JsonType(JsonNode value) => value switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.TryGetValue<string>(out _) => "string",
        JsonValue v when v.TryGetValue<bool>(out _) => "boolean",
        JsonValue v when v.TryGetValue<long>(out _) => "integer",
        _ => "number",
    };

    /// <summary>How field.Error prints a bad value: scalars plainly, strings quoted, objects as JSON.</summary>
    public static string Shown(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => $"\"{s}\"",
        null => "null",
        _ => value.ToJsonString(),
    };

    private static string Number(JsonNode node) => ((double)node).ToString(CultureInfo.InvariantCulture);
}
