using Realtime.Operator.Api;

namespace Realtime.Operator.Crd;

/// <summary>The checked-in <c>docs/reference.md</c>: the Markdown reference of the generated CRD.</summary>
internal static class CrdReference
{
    public static string Render() => CrdReferenceWriter.Write(CrdGenerator.Generate(), ConditionTypes.All);
}
