using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// What the apiextensions-apiserver checks before it stores a CustomResourceDefinition
/// (k8s.io/apiextensions-apiserver/pkg/registry/customresourcedefinition/strategy.go Validate →
/// pkg/apis/apiextensions/validation/validation.go validateCustomResourceDefinitionValidation), in its order: the
/// structural-schema invariants, and only on a structural schema the defaults, and only with valid defaults the CEL
/// rules' compilation. Not modelled: CEL cost estimates (the C# engine has none), CEL type checking against the
/// schema, the root fields allowed with a status subresource, and names/versions validation.
/// </summary>
public static class CrdAdmission
{
    public static ResourceType Type { get; } = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", HasStatus: true, Namespaced: false);

    /// <summary>Throws the 422 the real server answers when the CRD is invalid.</summary>
    public static void Admit(JsonObject crd)
    {
        var causes = Validate(crd);
        if (causes.Count > 0)
        {
            throw ApiException.Invalid("CustomResourceDefinition.apiextensions.k8s.io", (string?)crd["metadata"]?["name"] ?? "", causes);
        }
    }

    /// <summary>The resources an admitted CRD serves: each served version, with /status when it has that subresource.</summary>
    public static IEnumerable<ResourceType> ServedTypes(JsonObject crd)
    {
        var spec = crd["spec"] as JsonObject ?? [];
        var group = (string?)spec["group"] ?? "";
        var plural = (string?)spec["names"]?["plural"] ?? "";
        var kind = (string?)spec["names"]?["kind"] ?? "";
        var namespaced = (string?)spec["scope"] != "Cluster";
        foreach (var version in (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => (bool?)v["served"] == true))
        {
            var hasStatus = version["subresources"]?["status"] is not null;
            yield return new ResourceType(group, (string?)version["name"] ?? "", plural, kind, hasStatus, namespaced);
        }
    }

    public static IReadOnlyList<FieldCause> Validate(JsonObject crd)
    {
        var causes = new List<FieldCause>();
        var versions = (crd["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var schemas = versions.Select(version => version["schema"]?["openAPIV3Schema"] as JsonObject).ToList();
        // The v1 → internal conversion (pkg/apis/apiextensions/v1/conversion.go) moves a schema that every version
        // shares to spec.validation, so that is the path the causes name.
        var shared = schemas.Count > 0 && schemas[0] is not null && schemas.All(schema => JsonNode.DeepEquals(schema, schemas[0]));
        for (var i = 0; i < schemas.Count; i++)
        {
            if (schemas[i] is { } schema && (!shared || i == 0))
            {
                Check(schema, shared ? "spec.validation.openAPIV3Schema" : $"spec.versions[{i}].schema.openAPIV3Schema", causes);
            }
        }

        return causes;
    }

    private static void Check(JsonObject schema, string path, List<FieldCause> causes)
    {
        var structural = new List<FieldCause>();
        StructuralSchemaRules.Check(schema, path, structural);
        if (structural.Count > 0)
        {
            causes.AddRange(structural);
            return;
        }

        var defaults = new List<FieldCause>();
        SchemaDefaultsRules.Check(schema, path, defaults);
        if (defaults.Count > 0)
        {
            causes.AddRange(defaults);
            return;
        }

        RuleCompilation(schema, path, causes);
    }

    /// <summary>Each rule must compile (pkg/apis/apiextensions/validation/validation.go, CEL compilation results).</summary>
    private static void RuleCompilation(JsonObject schema, string path, List<FieldCause> causes)
    {
        var rules = (schema["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = (string?)rules[i]["rule"] ?? "";
            if (rule.Trim().Length == 0)
            {
                causes.Add(FieldCause.Required($"{path}.x-kubernetes-validations[{i}].rule", "rule is not specified"));
            }
            else if (CelRuleEvaluator.CompileError(rule) is { } error)
            {
                causes.Add(FieldCause.Invalid($"{path}.x-kubernetes-validations[{i}].rule", rules[i].ToJsonString(), $"compilation failed: {error}"));
            }
        }

        foreach (var child in Children(schema))
        {
            RuleCompilation(child.Schema, $"{path}{child.Path}", causes);
        }
    }

    private static IEnumerable<(string Path, JsonObject Schema)> Children(JsonObject schema)
    {
        foreach (var (key, property) in schema["properties"] as JsonObject ?? [])
        {
            if (property is JsonObject child)
            {
                yield return ($".properties[{key}]", child);
            }
        }

        if (schema["items"] is JsonObject items)
        {
            yield return (".items", items);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            yield return (".additionalProperties", additional);
        }
    }
}
