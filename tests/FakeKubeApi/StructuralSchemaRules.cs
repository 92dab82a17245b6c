using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// The structural-schema invariants a CRD's schema must keep, from
/// k8s.io/apiextensions-apiserver/pkg/apiserver/schema/validation.go (validateStructuralInvariants and
/// validateStructuralMetadataInvariants), with the same field paths and texts. Covered: a type on every node (or
/// x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields), items on arrays, an object root without
/// additionalProperties, string kind and apiVersion, and metadata restricted to name and generateName.
/// </summary>
public static class StructuralSchemaRules
{
    private enum Level
    {
        Root,
        Item,
        Field,
    }

    public static void Check(JsonObject schema, string path, List<FieldCause> causes) => Check(schema, Level.Root, path, causes);

    private static void Check(JsonObject schema, Level level, string path, List<FieldCause> causes)
    {
        var type = (string?)schema["type"] ?? "";
        if (type == "array" && schema["items"] is null)
        {
            causes.Add(FieldCause.Required($"{path}.items", "must be specified"));
        }

        if (schema["items"] is JsonObject items)
        {
            Check(items, Level.Item, $"{path}.items", causes);
        }

        var properties = schema["properties"] as JsonObject ?? [];
        foreach (var (key, property) in properties)
        {
            if (property is JsonObject child)
            {
                Check(child, Level.Field, $"{path}.properties[{key}]", causes);
            }
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            if (level == Level.Root)
            {
                causes.Add(FieldCause.Forbidden($"{path}.additionalProperties", "must not be used at the root"));
            }

            Check(additional, Level.Field, $"{path}.additionalProperties", causes);
        }

        var intOrString = (bool?)schema["x-kubernetes-int-or-string"] == true;
        var preserveUnknown = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        if (type.Length == 0 && !intOrString && !preserveUnknown)
        {
            causes.Add(FieldCause.Required($"{path}.type", level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            }));
        }

        if (level == Level.Root && type.Length > 0 && type != "object")
        {
            causes.Add(FieldCause.Invalid($"{path}.type", $"\"{type}\"", "must be object at the root"));
        }

        if (level != Level.Root)
        {
            return;
        }

        foreach (var name in new[] { "kind", "apiVersion" })
        {
            if (properties[name] is JsonObject typeMeta && (string?)typeMeta["type"] != "string")
            {
                causes.Add(FieldCause.Invalid($"{path}.properties[{name}].type", $"\"{(string?)typeMeta["type"] ?? ""}\"", "must be string"));
            }
        }

        if (properties["metadata"] is JsonObject metadata)
        {
            CheckMetadata(metadata, $"{path}.properties[metadata]", causes);
        }
    }

    /// <summary>At the root, metadata may say it is an object and constrain name and generateName, nothing else.</summary>
    private static void CheckMetadata(JsonObject metadata, string path, List<FieldCause> causes)
    {
        if ((string?)metadata["type"] != "object")
        {
            causes.Add(FieldCause.Invalid($"{path}.type", $"\"{(string?)metadata["type"] ?? ""}\"", "must be object"));
        }

        var onlyNames = metadata["properties"] is not JsonObject names
            || names.All(p => p.Key is "name" or "generateName");
        var otherKeys = metadata.Any(p => p.Key is not ("type" or "default" or "properties"));
        if (!onlyNames || otherKeys)
        {
            causes.Add(FieldCause.Forbidden(path, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
    }
}
