using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// The labelSelector and fieldSelector of one list or watch: an object is selected when it passes both, as the
/// apiserver's SelectionPredicate.Matches does (staging/src/k8s.io/apiserver/pkg/storage/selection_predicate.go).
/// </summary>
public sealed record ObjectSelector(LabelSelector Labels, FieldSelector Fields)
{
    public static ObjectSelector Everything { get; } = new(LabelSelector.Everything, FieldSelector.Everything);

    public bool Matches(JsonObject item) => Labels.Matches(item) && Fields.Matches(item);
}
