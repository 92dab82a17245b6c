using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Builds the next condition list from the previous one: lastTransitionTime moves only when a condition's status
/// actually changes, as metav1.Condition requires; every condition carries the generation it was computed for.
/// </summary>
internal sealed class Conditions(IEnumerable<V1Condition>? previous, long generation, DateTime now)
{
    private readonly Dictionary<string, V1Condition> _before = (previous ?? []).Where(c => c.Type is not null).GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First());
    private readonly List<V1Condition> _next = [];

    public void Set(string type, bool? status, string reason, string message)
    {
        var statusText = status switch { true => "True", false => "False", null => "Unknown" };
        var transition = _before.TryGetValue(type, out var old) && old.Status == statusText ? old.LastTransitionTime : now;
        _next.RemoveAll(c => c.Type == type);
        _next.Add(new V1Condition
        {
            Type = type,
            Status = statusText,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = transition,
        });
    }

    public bool? StatusOf(string type) => _next.FirstOrDefault(c => c.Type == type)?.Status switch
    {
        "True" => true,
        "False" => false,
        _ => null,
    };

    /// <summary>True when the condition has <paramref name="status"/> now and did not before (for "became ready" events).</summary>
    public static bool Became(IEnumerable<V1Condition>? previous, IEnumerable<V1Condition>? next, string type, string status) =>
        next?.FirstOrDefault(c => c.Type == type)?.Status == status && previous?.FirstOrDefault(c => c.Type == type)?.Status != status;

    /// <summary>The conditions in the documented order.</summary>
    public List<V1Condition> ToList() => [.. _next.OrderBy(c => IndexOf(c.Type))];

    private static int IndexOf(string type)
    {
        var index = ConditionTypes.All.ToList().IndexOf(type);
        return index < 0 ? int.MaxValue : index;
    }
}
