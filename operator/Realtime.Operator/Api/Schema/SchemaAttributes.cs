namespace Realtime.Operator.Api.Schema;

// These attributes are the single source of the OpenAPI constraints: the CRD generator emits them and
// RealtimeClusterValidator enforces the same values, so `render` rejects exactly what the API server would.

/// <summary>An inclusive numeric range (OpenAPI <c>minimum</c>/<c>maximum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NumberRangeAttribute(long minimum, long maximum) : Attribute
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;
}

/// <summary>A regular expression the string must match, with the sentence a user reads when it does not.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StringPatternAttribute(string pattern, string message) : Attribute
{
    public string Pattern { get; } = pattern;

    public string Message { get; } = message;
}

/// <summary>A regular expression every item of a string list must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemPatternAttribute(string pattern, string message) : Attribute
{
    public string Pattern { get; } = pattern;

    public string Message { get; } = message;
}

/// <summary>The allowed values of every item of a string list (OpenAPI <c>items.enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>A string length limit (OpenAPI <c>minLength</c>/<c>maxLength</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}

/// <summary>A list size limit (OpenAPI <c>minItems</c>/<c>maxItems</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemCountAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}

/// <summary>A list whose items are unique scalars (<c>x-kubernetes-list-type: set</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SetListAttribute : Attribute;

/// <summary>A property that must be present in the object that holds it.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;

/// <summary>The property has no schema default although its C# initializer sets a value (e.g. status fields).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NoSchemaDefaultAttribute : Attribute;

/// <summary>Short names for <c>kubectl get</c> (e.g. <c>rtc</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>Categories the kind belongs to (<c>kubectl get realtime</c>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CategoriesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

/// <summary>A column of <c>kubectl get</c>; priority 0 is the standard view, above 0 only <c>-o wide</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath, string description) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string Description { get; } = description;

    public int Priority { get; init; }
}

/// <summary>The scale subresource, so <c>kubectl scale</c> and an HPA can target the custom resource.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath, string labelSelectorPath) : Attribute
{
    public string SpecReplicasPath { get; } = specReplicasPath;

    public string StatusReplicasPath { get; } = statusReplicasPath;

    public string LabelSelectorPath { get; } = labelSelectorPath;
}
