using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Every <c>default</c> of a CRD schema checked as k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/validation.go
/// (validate) does: it must carry no field the schema prunes, must validate against its own node's schema, and then
/// must pass the CEL rules of its node (and of the nodes below, on the values present) <em>as written</em>: the
/// nested defaults are not filled in first. Defaults under additionalProperties are not followed, as there.
/// </summary>
public static class SchemaDefaultsRules
{
    public static void Check(JsonObject schema, string path, List<FieldCause> causes)
    {
        if (schema.TryGetPropertyValue("default", out var value) && value is not null)
        {
            var defaultPath = $"{path}.default";
            if (Unpruned(schema, value))
            {
                causes.Add(FieldCause.Invalid(defaultPath, SchemaValueValidator.Shown(value), "must not have unknown fields"));
            }

            var valueCauses = new List<FieldCause>();
            SchemaValueValidator.Validate(schema, value, defaultPath, "", valueCauses);
            causes.AddRange(valueCauses);
            if (valueCauses.Count == 0)
            {
                CelSchemaValidator.Validate(schema, value, defaultPath, causes);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Check(items, $"{path}.items", causes);
        }

        foreach (var (key, property) in schema["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject child)
            {
                Check(child, $"{path}.properties[{key}]", causes);
            }
        }
    }

    /// <summary>Whether pruning (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning) would drop a field of the value.</summary>
    private static bool Unpruned(JsonObject schema, JsonNode value)
    {
        if ((bool?)schema["x-kubernetes-preserve-unknown-fields"] == true)
        {
            return false;
        }

        return value switch
        {
            JsonObject map => map.Any(p => schema["properties"]?[p.Key] is JsonObject property
                ? p.Value is not null && Unpruned(property, p.Value)
                : schema["additionalProperties"] is not JsonObject additional || (p.Value is not null && Unpruned(additional, p.Value))),
            JsonArray list when schema["items"] is JsonObject items => list.Any(item => item is not null && Unpruned(items, item)),
            _ => false,
        };
    }
}
