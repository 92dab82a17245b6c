using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api.Validation;

/// <summary>
/// The API server's checks of a RealtimeCluster, in C#: the OpenAPI constraints of <see cref="Schema"/>
/// attributes and every <see cref="CrossFieldRules"/> rule, with the same messages. Fields of the embedded
/// Kubernetes types (resources, affinity, ...) are left to the API server.
/// </summary>
public static class RealtimeClusterValidator
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<FieldError> Validate(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var errors = new List<FieldError>();
        if (cluster.Spec is null)
        {
            errors.Add(new FieldError("spec", "is required"));
            return errors;
        }

        var name = cluster.Metadata?.Name ?? "";
        if (name.Length > ClusterName.MaxLength || !Matches(name, ClusterName.Pattern))
        {
            errors.Add(new FieldError("metadata.name", $"{ClusterName.Message}, got {Quote(name)}"));
        }

        Walk(cluster, "", errors);
        return errors;
    }

    private static void Walk(object value, string path, List<FieldError> errors)
    {
        var type = value.GetType();
        if (!IsApiType(type))
        {
            return;
        }

        var structureValid = true;
        foreach (var property in FieldNames.PropertiesOf(type))
        {
            var fieldPath = Join(path, FieldNames.Of(property));
            var fieldValue = property.GetValue(value);
            var before = errors.Count;
            CheckProperty(property, fieldValue, fieldPath, errors);
            structureValid &= errors.Count == before;
            switch (fieldValue)
            {
                case null or string:
                    break;
                case IList list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is { } item)
                        {
                            Walk(item, $"{fieldPath}[{i}]", errors);
                        }
                    }

                    break;
                default:
                    if (property.Name != nameof(RealtimeCluster.Status))
                    {
                        Walk(fieldValue, fieldPath, errors);
                    }

                    break;
            }
        }

        // The API server evaluates CEL only on values that passed the OpenAPI checks; so do we.
        if (!structureValid)
        {
            return;
        }

        foreach (var rule in CrossFieldRules.For(type))
        {
            if (!rule.HoldsFor(value))
            {
                errors.Add(new FieldError(Join(path, rule.FieldPath.TrimStart('.')), rule.Message));
            }
        }
    }

    private static void CheckProperty(PropertyInfo property, object? value, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (property.GetCustomAttribute<RequiredFieldAttribute>() is not null)
            {
                errors.Add(new FieldError(path, "is required"));
            }

            return;
        }

        if (property.GetCustomAttribute<NumberRangeAttribute>() is { } range)
        {
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            if (number < range.Minimum || number > range.Maximum)
            {
                errors.Add(new FieldError(path, $"must be from {range.Minimum} to {range.Maximum}, got {number}"));
            }
        }

        if (value is string text)
        {
            CheckString(property, text, path, errors);
        }

        if (value is IList list)
        {
            CheckList(property, list, path, errors);
        }

        if (value is Enum && !Enum.IsDefined(value.GetType(), value))
        {
            errors.Add(new FieldError(path, $"must be one of {string.Join(", ", Enum.GetNames(value.GetType()))}"));
        }
    }

    private static void CheckString(PropertyInfo property, string text, string path, List<FieldError> errors)
    {
        if (property.GetCustomAttribute<LengthAttribute>() is { } length
            && (text.Length < length.Minimum || text.Length > length.Maximum))
        {
            errors.Add(new FieldError(path, length.Minimum == 1 && text.Length == 0
                ? "must not be empty"
                : $"must be {length.Minimum} to {length.Maximum} characters long, got {text.Length}"));
            return;
        }

        if (property.GetCustomAttribute<StringPatternAttribute>() is { } pattern && !Matches(text, pattern.Pattern))
        {
            errors.Add(new FieldError(path, $"{pattern.Message}, got {Quote(text)}"));
        }
    }

    private static void CheckList(PropertyInfo property, IList list, string path, List<FieldError> errors)
    {
        if (property.GetCustomAttribute<ItemCountAttribute>() is { } count
            && (list.Count < count.Minimum || list.Count > count.Maximum))
        {
            errors.Add(new FieldError(path, list.Count < count.Minimum
                ? $"must have at least {count.Minimum} item(s)"
                : $"must have at most {count.Maximum} items, got {list.Count}"));
        }

        var allowed = property.GetCustomAttribute<ItemValuesAttribute>();
        var itemPattern = property.GetCustomAttribute<ItemPatternAttribute>();
        var isSet = property.GetCustomAttribute<SetListAttribute>() is not null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not string item)
            {
                continue;
            }

            var itemPath = $"{path}[{i}]";
            if (allowed is not null && !allowed.Values.Contains(item))
            {
                errors.Add(new FieldError(itemPath, $"must be one of {string.Join(", ", allowed.Values)}, got {Quote(item)}"));
            }

            if (itemPattern is not null && !Matches(item, itemPattern.Pattern))
            {
                errors.Add(new FieldError(itemPath, $"{itemPattern.Message}, got {Quote(item)}"));
            }

            if (isSet && !seen.Add(item))
            {
                errors.Add(new FieldError(itemPath, $"duplicate value {Quote(item)}"));
            }
        }
    }

    private static bool Matches(string text, string pattern)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsApiType(Type type) => type.Namespace == typeof(RealtimeCluster).Namespace;

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    private static string Quote(string value) => $"\"{(value.Length <= 64 ? value : value[..64] + "...")}\"";
}
