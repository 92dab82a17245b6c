using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Operator.Api.Manifests;

/// <summary>
/// The structural half of the API server's checks, on the YAML tree before it becomes C# objects: unknown
/// fields, wrong types, missing required fields and enum values, each reported with its field path. Value
/// constraints (ranges, patterns) and CEL rules are the validator's, on the typed object.
/// </summary>
public static partial class SchemaConformance
{
    public static void Check(YamlNode node, V1JSONSchemaProps schema, string path, string source, List<ManifestError> errors)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(errors);
        if (schema.XKubernetesIntOrString == true)
        {
            if (node is not YamlScalarNode scalar || (!IsInteger(scalar) && !IsString(scalar)))
            {
                Fail(node, path, "must be an integer or a string", source, errors);
            }

            return;
        }

        switch (schema.Type)
        {
            case "object":
                CheckObject(node, schema, path, source, errors);
                break;
            case "array":
                CheckArray(node, schema, path, source, errors);
                break;
            case "string":
                if (node is not YamlScalarNode text || !IsString(text))
                {
                    Fail(node, path, "must be a string", source, errors);
                }
                else if (schema.EnumProperty is { Count: > 0 } allowed && !allowed.Contains(text.Value))
                {
                    Fail(node, path, $"must be one of {string.Join(", ", allowed)}, got \"{Shorten(text.Value)}\"", source, errors);
                }

                break;
            case "integer":
                if (node is not YamlScalarNode number || !IsInteger(number))
                {
                    Fail(node, path, "must be an integer", source, errors);
                }

                break;
            case "number":
                if (node is not YamlScalarNode real || !(IsInteger(real) || FloatPattern().IsMatch(real.Value ?? "")))
                {
                    Fail(node, path, "must be a number", source, errors);
                }

                break;
            case "boolean":
                if (node is not YamlScalarNode flag || flag.Style != ScalarStyle.Plain || flag.Value is not ("true" or "false"))
                {
                    Fail(node, path, "must be true or false", source, errors);
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Drops <c>field: null</c> entries, as the API server does before defaulting.</summary>
    public static void RemoveNulls(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var key in mapping.Children.Where(entry => IsNull(entry.Value)).Select(entry => entry.Key).ToList())
                {
                    mapping.Children.Remove(key);
                }

                foreach (var child in mapping.Children.Values)
                {
                    RemoveNulls(child);
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    RemoveNulls(child);
                }

                break;
            default:
                break;
        }
    }

    private static void CheckObject(YamlNode node, V1JSONSchemaProps schema, string path, string source, List<ManifestError> errors)
    {
        if (node is not YamlMappingNode mapping)
        {
            Fail(node, path, "must be an object", source, errors);
            return;
        }

        // metadata is checked by its own type (ObjectMeta) when the document is read; the schema lists only name.
        if (schema.XKubernetesPreserveUnknownFields == true || (schema.Properties is null && schema.AdditionalProperties is null)
            || path == "metadata")
        {
            return;
        }

        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var fieldPath = path.Length == 0 ? key : $"{path}.{key}";
            if (schema.Properties is not null && schema.Properties.TryGetValue(key, out var property))
            {
                Check(value, property, fieldPath, source, errors);
            }
            else if (schema.AdditionalProperties is V1JSONSchemaProps values)
            {
                Check(value, values, fieldPath, source, errors);
            }
            else
            {
                Fail(keyNode, fieldPath, $"unknown field \"{Shorten(key)}\"", source, errors);
            }
        }

        foreach (var required in schema.Required ?? [])
        {
            if (!mapping.Children.ContainsKey(new YamlScalarNode(required)))
            {
                Fail(node, path.Length == 0 ? required : $"{path}.{required}", "is required", source, errors);
            }
        }
    }

    private static void CheckArray(YamlNode node, V1JSONSchemaProps schema, string path, string source, List<ManifestError> errors)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Fail(node, path, "must be a list", source, errors);
            return;
        }

        if (schema.Items is not V1JSONSchemaProps items)
        {
            return;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            Check(sequence.Children[i], items, $"{path}[{i}]", source, errors);
        }
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } scalar && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static bool IsString(YamlScalarNode scalar) =>
        scalar.Style != ScalarStyle.Plain || !(IsInteger(scalar) || scalar.Value is "true" or "false" || FloatPattern().IsMatch(scalar.Value ?? ""));

    private static bool IsInteger(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static void Fail(YamlNode node, string path, string message, string source, List<ManifestError> errors) =>
        errors.Add(new ManifestError(source, node.Start.Line, node.Start.Column, path.Length == 0 ? null : path, message));

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "...";

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
