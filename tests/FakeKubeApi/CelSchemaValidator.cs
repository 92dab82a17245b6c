using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Runs the <c>x-kubernetes-validations</c> rules of a schema node on a value, then those of every nested node on the
/// nested values that are present, as k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go
/// (Validator.Validate) does. Nothing is defaulted first: a rule sees the value exactly as given, so a default of
/// <c>{}</c> under a rule that reads <c>self.replicas</c> fails with "no such key: replicas".
/// </summary>
public static class CelSchemaValidator
{
    public static void Validate(JsonObject schema, JsonNode? value, string path, List<FieldCause> causes)
    {
        if (value is null)
        {
            return;
        }

        var type = (string?)schema["type"] ?? "";
        foreach (var rule in (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Check(rule, type, value, path, causes);
        }

        switch (value)
        {
            case JsonObject map:
                var properties = schema["properties"] as JsonObject;
                foreach (var (key, child) in map)
                {
                    if (properties?[key] is JsonObject property)
                    {
                        Validate(property, child, $"{path}.{key}", causes);
                    }
                    else if (schema["additionalProperties"] is JsonObject additional)
                    {
                        Validate(additional, child, $"{path}[{key}]", causes);
                    }
                }

                break;
            case JsonArray list when schema["items"] is JsonObject items:
                for (var i = 0; i < list.Count; i++)
                {
                    Validate(items, list[i], $"{path}[{i}]", causes);
                }

                break;
        }
    }

    private static void Check(JsonObject rule, string type, JsonNode value, string path, List<FieldCause> causes)
    {
        var expression = (string?)rule["rule"] ?? "";
        var message = ((string?)rule["message"])?.Trim() is { Length: > 0 } text ? text : null;
        var described = message ?? expression.Trim();
        if (CelRuleEvaluator.CompileError(expression) is { } compileError)
        {
            causes.Add(FieldCause.Invalid(path, $"\"{type}\"", $"rule compile error: compilation failed: {compileError}"));
            return;
        }

        bool holds;
        try
        {
            holds = CelRuleEvaluator.Evaluate(expression, CelValues.Of(value));
        }
        catch (CelRuleException error)
        {
            causes.Add(FieldCause.Invalid(path, $"\"{type}\"", $"{error.Message} evaluating rule: {described}"));
            return;
        }

        if (!holds)
        {
            var blamed = (string?)rule["fieldPath"] is { Length: > 0 } fieldPath ? path + fieldPath : path;
            var shown = type is "object" or "array" ? null : SchemaValueValidator.Shown(value);
            causes.Add(FieldCause.Invalid(blamed, shown, message ?? $"failed rule: {expression.Trim()}"));
        }
    }
}
