using System.Collections;
using System.ComponentModel;
using System.Reflection;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Schema;
using Realtime.Operator.Api.Validation;

namespace Realtime.Operator.Crd;

/// <summary>
/// The structural OpenAPI v3 schema of a C# type, by reflection. Our API types contribute descriptions,
/// defaults (their property initializers), constraints and CEL rules; embedded Kubernetes models contribute
/// their shape. Absent facts stay null, so the YAML carries no <c>nullable: false</c> noise.
/// </summary>
internal static class SchemaBuilder
{
    /// <summary>The Kubernetes quantity syntax, as the API server's own CRDs spell it.</summary>
    public const string QuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    public static V1JSONSchemaProps For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Build(type, new HashSet<Type>());
    }

    private static V1JSONSchemaProps Build(Type type, HashSet<Type> path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return new V1JSONSchemaProps { Type = "number", Format = "double" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(IntOrString))
        {
            return IntOrString(pattern: null);
        }

        if (type == typeof(ResourceQuantity))
        {
            return IntOrString(QuantityPattern);
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = Enum.GetNames(type).Cast<object>().ToList() };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = Build(valueType, path) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = Build(itemType, path) };
        }

        if (type == typeof(object))
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        return Object(type, path);
    }

    private static V1JSONSchemaProps Object(Type type, HashSet<Type> path)
    {
        if (!path.Add(type))
        {
            throw new InvalidOperationException($"{type.Name} refers to itself; a structural schema cannot express that");
        }

        var isApiType = type.Namespace == typeof(RealtimeCluster).Namespace;
        var prototype = isApiType ? Activator.CreateInstance(type) : null;
        var properties = new Dictionary<string, V1JSONSchemaProps>();
        var required = new List<string>();
        foreach (var property in FieldNames.PropertiesOf(type))
        {
            var name = FieldNames.Of(property);
            if (type == typeof(RealtimeCluster) && property.Name == nameof(RealtimeCluster.Metadata))
            {
                properties[name] = MetadataSchema();
                continue;
            }

            var schema = Build(property.PropertyType, path);
            if (isApiType)
            {
                Annotate(schema, property, prototype);
            }

            properties[name] = schema;
            if (property.GetCustomAttribute<RequiredFieldAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        path.Remove(type);
        var rules = CrossFieldRules.For(type)
            .Select(rule => new V1ValidationRule
            {
                Rule = rule.Cel,
                Message = rule.Message,

                FieldPath = rule.FieldPath,
            })
            .ToList();
        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = properties,
            Required = required.Count > 0 ? required : null,
            XKubernetesValidations = rules.Count > 0 ? rules : null,
        };
    }

    private static void Annotate(V1JSONSchemaProps schema, PropertyInfo property, object? prototype)
    {
        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? schema.Description;
        if (property.GetCustomAttribute<NumberRangeAttribute>() is { } range)
        {
            schema.Minimum = range.Minimum;
            schema.Maximum = range.Maximum;
        }

        if (property.GetCustomAttribute<LengthAttribute>() is { } length)
        {
            schema.MinLength = length.Minimum > 0 ? length.Minimum : null;
            schema.MaxLength = length.Maximum;
        }

        if (property.GetCustomAttribute<StringPatternAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<ItemCountAttribute>() is { } count)
        {
            schema.MinItems = count.Minimum > 0 ? count.Minimum : null;
            schema.MaxItems = count.Maximum;
        }

        if (schema.Items is V1JSONSchemaProps items)
        {
            if (property.GetCustomAttribute<ItemValuesAttribute>() is { } values)
            {
                items.EnumProperty = values.Values.Cast<object>().ToList();
            }

            if (property.GetCustomAttribute<ItemPatternAttribute>() is { } itemPattern)
            {
                items.Pattern = itemPattern.Pattern;
            }
        }

        if (property.GetCustomAttribute<SetListAttribute>() is not null)
        {
            schema.XKubernetesListType = "set";
        }

        if (prototype is not null && property.GetCustomAttribute<NoSchemaDefaultAttribute>() is null
            && property.GetCustomAttribute<RequiredFieldAttribute>() is null)
        {
            schema.DefaultProperty = DefaultOf(property.GetValue(prototype), schema);
        }
    }

    /// <summary>
    /// The schema default of an initializer value. A nested API object defaults to the object its own properties'
    /// defaults make up, never to <c>{}</c>: the API server checks each default against the CEL rules of its node
    /// as written, without filling in nested defaults first (k8s.io/apiextensions-apiserver,
    /// pkg/apiserver/schema/defaulting/validation.go), so a rule reading <c>self.replicas</c> fails on <c>{}</c>
    /// with "no such key: replicas" and the whole CRD is refused.
    /// </summary>
    private static object? DefaultOf(object? value, V1JSONSchemaProps schema) => value switch
    {
        null => null,
        string or bool or int or long => value,
        Enum => value.ToString(),
        IDictionary => null,
        IList list => list.Cast<object>().Select(item => DefaultOf(item, schema.Items as V1JSONSchemaProps ?? new())).ToList(),
        _ => FilledIn(schema),
    };

    /// <summary>What the API server makes of <c>{}</c> at this node: every property that has a default, recursively.</summary>
    private static Dictionary<string, object> FilledIn(V1JSONSchemaProps schema) =>
        (schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
            .Where(property => property.Value.DefaultProperty is not null)
            .ToDictionary(property => property.Key, property => property.Value.DefaultProperty);

    /// <summary>Structural schemas may restrict only metadata.name and metadata.generateName; the name must fit child names.</summary>
    private static V1JSONSchemaProps MetadataSchema() => new()
    {
        Type = "object",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["name"] = new() { Type = "string", MaxLength = ClusterName.MaxLength, Pattern = ClusterName.Pattern },
        },
    };

    private static V1JSONSchemaProps IntOrString(string? pattern) => new()
    {
        AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
        Pattern = pattern,
        XKubernetesIntOrString = true,
    };

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(IList<>))?.GetGenericArguments()[0];

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
