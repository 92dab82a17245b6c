using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>What a term's reconciler is built from: the owned kinds, the owner index, the child cache and the queue.</summary>
public sealed class ControllerContext
{
    private readonly Controller _controller;

    internal ControllerContext(KindRegistry kinds, OwnerIndex owners, ChildCache children, Controller controller)
    {
        Kinds = kinds;
        Owners = owners;
        Children = children;
        _controller = controller;
    }

    public KindRegistry Kinds { get; }

    public OwnerIndex Owners { get; }

    public ChildCache Children { get; }

    /// <summary>Queues an owner for reconcile, for watches the reconciler keeps itself (referenced objects).</summary>
    public void Enqueue(ObjectKey key) => _controller.Enqueue(key);
}
