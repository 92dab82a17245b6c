using System.Reflection;
using System.Text.Json.Serialization;

namespace Realtime.Operator.Api.Schema;

/// <summary>
/// The wire name of a property, as both of KubernetesClient's serializers write it: the JSON name of the
/// generated Kubernetes models, camelCase (first letter lowered) for our own types.
/// </summary>
public static class FieldNames
{
    public static string Of(PropertyInfo property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var json = property.GetCustomAttribute<JsonPropertyNameAttribute>();
        if (json is not null)
        {
            return json.Name;
        }

        return char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
    }

    /// <summary>The serialized properties of a type, in declaration order.</summary>
    public static IReadOnlyList<PropertyInfo> PropertiesOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToList();
    }
}
