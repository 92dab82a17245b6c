namespace Realtime.FakeKubeApi;

/// <summary>
/// Faults the fake injects on matching requests: error answers (500s, 409s…), slow answers, and watches that stay
/// open but silent (a half-dead connection).
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Rule> _rules = [];
    private volatile bool _silentWatches;

    /// <summary>While true, new watches send nothing at all, not even bookmarks, and never end on their own.</summary>
    public bool SilentWatches
    {
        get => _silentWatches;
        set => _silentWatches = value;
    }

    /// <summary>Answers the next <paramref name="count"/> matching requests with the status code instead of serving them.</summary>
    public void Fail(int count, int statusCode, Func<RecordedRequest, bool>? match = null)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(count, statusCode, TimeSpan.Zero, match ?? (_ => true)));
        }
    }

    /// <summary>Delays the next <paramref name="count"/> matching requests.</summary>
    public void Delay(int count, TimeSpan delay, Func<RecordedRequest, bool>? match = null)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(count, null, delay, match ?? (_ => true)));
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once, just before the next matching request is served: a concurrent client's
    /// write made to land between two requests of the operator, so a race happens every time instead of now and then.
    /// </summary>
    public void Before(Func<RecordedRequest, bool> match, Action action)
    {
        lock (_gate)
        {
            _rules.Add(new Rule(1, null, TimeSpan.Zero, match, action));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }

        _silentWatches = false;
    }

    internal (int? StatusCode, TimeSpan Delay) Take(RecordedRequest request)
    {
        List<Action> actions = [];
        int? status = null;
        var delay = TimeSpan.Zero;
        lock (_gate)
        {
            foreach (var rule in _rules.Where(rule => rule.Remaining > 0 && rule.Match(request)).ToArray())
            {
                rule.Remaining--;
                status ??= rule.StatusCode;
                delay += rule.Delay;
                if (rule.Action is { } action)
                {
                    actions.Add(action);
                }
            }

            _rules.RemoveAll(rule => rule.Remaining <= 0);
        }

        foreach (var action in actions)
        {
            action();
        }

        return (status, delay);
    }

    private sealed class Rule(int remaining, int? statusCode, TimeSpan delay, Func<RecordedRequest, bool> match, Action? action = null)
    {
        public Action? Action { get; } = action;

        public int Remaining { get; set; } = remaining;

        public int? StatusCode { get; } = statusCode;

        public TimeSpan Delay { get; } = delay;

        public Func<RecordedRequest, bool> Match { get; } = match;
    }
}
