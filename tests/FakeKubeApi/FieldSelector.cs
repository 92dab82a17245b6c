using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Field selectors ("metadata.name=a,metadata.namespace!=b") over the fields every resource can be selected by.
/// The API server answers other fields with 400 unless the resource's strategy declares them: generic objects
/// select on metadata.name and metadata.namespace (staging/src/k8s.io/apiserver/pkg/registry/generic/matcher.go,
/// ObjectMetaFieldsSet; matched through staging/src/k8s.io/apiserver/pkg/storage/selection_predicate.go,
/// SelectionPredicate.Matches), Secrets also on type (pkg/registry/core/secret/strategy.go, SelectableFields).
/// </summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Negated)> _terms = [];

    private FieldSelector()
    {
    }

    public static FieldSelector Everything { get; } = new();

    public static FieldSelector Parse(string? selector, ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var parsed = new FieldSelector();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return parsed;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negated = term.Contains("!=", StringComparison.Ordinal);
            var parts = negated ? term.Split("!=", 2) : term.Split('=', 2);
            if (parts.Length != 2)
            {
                throw ApiException.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
            }

            var field = parts[0].Trim();
            if (!Selectable(type).Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            parsed._terms.Add((field, parts[1].TrimStart('=').Trim(), negated));
        }

        return parsed;
    }

    public bool Matches(JsonObject item)
    {
        foreach (var (field, value, negated) in _terms)
        {
            var actual = field switch
            {
                "metadata.name" => item["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => item["metadata"]?["namespace"]?.GetValue<string>(),
                _ => item[field]?.GetValue<string>(),
            } ?? "";
            if (actual == value == negated)
            {
                return false;
            }
        }

        return true;
    }

    private static string[] Selectable(ResourceType type) =>
        type.Kind == "Secret" ? ["metadata.name", "metadata.namespace", "type"] : ["metadata.name", "metadata.namespace"];
}
