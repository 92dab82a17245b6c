namespace Realtime.Operator.Runtime.Queue;

/// <summary>Identifies one namespaced object in the work queue.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
