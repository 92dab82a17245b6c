using System.Reflection;
using Realtime.Operator.Api;

namespace Realtime.Operator.Crd;

/// <summary>The checked-in <c>docs/reference.md</c>: the Markdown reference of the generated CRD.</summary>
public static class CrdReference
{
    public static string Render() => CrdReferenceWriter.Write(CrdGenerator.Generate(), ConditionTypeNames());

    /// <summary>The values of the <see cref="ConditionTypes"/> constants, in declaration order.</summary>
    public static IReadOnlyList<string> ConditionTypeNames() =>
        typeof(ConditionTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToList();
}
