namespace Realtime.Operator.Api.Validation;

/// <summary>
/// A rule across fields, written twice on purpose and side by side: as CEL for the API server
/// (<c>x-kubernetes-validations</c> on <see cref="Target"/>) and as C# for <c>render</c> and the controller.
/// Tests evaluate both sides of every rule against the same examples.
/// </summary>
public sealed class CrossFieldRule
{
    private readonly Func<object, bool> _holds;

    private CrossFieldRule(Type target, string cel, string message, string fieldPath, Func<object, bool> holds)
    {
        Target = target;
        Cel = cel;
        Message = message;
        FieldPath = fieldPath;
        _holds = holds;
    }

    /// <summary>The type whose schema carries the rule; <c>self</c> in <see cref="Cel"/> is an instance of it.</summary>
    public Type Target { get; }

    public string Cel { get; }

    /// <summary>What the user reads, from the API server and from <c>render</c> alike.</summary>
    public string Message { get; }

    /// <summary>The field blamed, relative to <see cref="Target"/> (e.g. <c>.redis.mode</c>).</summary>
    public string FieldPath { get; }

    public static CrossFieldRule For<T>(string cel, string message, string fieldPath, Func<T, bool> holds)
        where T : class =>
        new(typeof(T), cel, message, fieldPath, value => holds((T)value));

    public bool HoldsFor(object value) => _holds(value);
}
