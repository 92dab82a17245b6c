using k8s.Models;

namespace Realtime.Operator.Reconcile;

/// <summary>What checking the referenced Secrets found: the problems to report, and the metadata of those that exist.</summary>
internal sealed record ReferenceCheck(IReadOnlyList<(string Reason, string Message)> Problems, IReadOnlyList<V1ObjectMeta> Secrets);
