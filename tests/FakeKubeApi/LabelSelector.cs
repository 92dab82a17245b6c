using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>Equality-based label selectors ("a=b,c!=d,e"), enough for list and watch filters.</summary>
public sealed class LabelSelector
{
    private readonly List<(string Key, string? Value, bool Negated)> _terms = [];

    private LabelSelector()
    {
    }

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? selector)
    {
        var parsed = new LabelSelector();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return parsed;
        }

        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                var parts = term.Split("!=", 2);
                parsed._terms.Add((parts[0].Trim(), parts[1].Trim(), true));
            }
            else if (term.Contains('='))
            {
                var parts = term.Split('=', 2);
                parsed._terms.Add((parts[0].Trim(), parts[1].TrimStart('=').Trim(), false));
            }
            else if (term.Contains(' ', StringComparison.Ordinal) || term.Contains('(', StringComparison.Ordinal))
            {
                throw ApiException.BadRequest($"unsupported label selector term '{term}' (the fake supports =, == and !=)");
            }
            else
            {
                parsed._terms.Add((term, null, false));
            }
        }

        return parsed;
    }

    public bool Matches(JsonObject item)
    {
        var labels = item["metadata"]?["labels"] as JsonObject;
        foreach (var (key, value, negated) in _terms)
        {
            var actual = labels?[key]?.GetValue<string>();
            var matches = value is null ? actual is not null : actual == value;
            if (matches == negated)
            {
                return false;
            }
        }

        return true;
    }
}
