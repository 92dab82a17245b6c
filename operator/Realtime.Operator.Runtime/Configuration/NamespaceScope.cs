namespace Realtime.Operator.Runtime.Configuration;

/// <summary>Parses WATCH_NAMESPACE: one namespace, several comma-separated, or empty for all namespaces.</summary>
public static class NamespaceScope
{
    public static IReadOnlyList<string> Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var namespaces = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        foreach (var name in namespaces)
        {
            if (!IsDnsLabel(name))
            {
                throw new ArgumentException($"WATCH_NAMESPACE entry '{name}' is not a valid namespace name (a DNS-1123 label).", nameof(value));
            }
        }

        return namespaces;
    }

    private static bool IsDnsLabel(string name) =>
        name.Length is > 0 and <= 63
        && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
        && char.IsAsciiLetterLower(name[^1]) | char.IsAsciiDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
