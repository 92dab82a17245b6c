using Realtime.SocketIO.Redis.Wire;

namespace Realtime.SocketIO.Redis.Requests;

/// <summary>Gathers the responses of the other servers to one request until all have answered or time runs out.</summary>
internal sealed class ResponseCollector
{
    private readonly List<NotepackMessage> _responses = [];
    private readonly TaskCompletionSource<IReadOnlyList<NotepackMessage>> _done =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResponseCollector(string requestName, long expected)
    {
        RequestName = requestName;
        Expected = expected;
        if (expected <= 0)
        {
            _done.TrySetResult([]);
        }
    }

    public string RequestName { get; }

    public long Expected { get; }

    public void Add(NotepackMessage response)
    {
        lock (_responses)
        {
            _responses.Add(response);
            if (_responses.Count >= Expected)
            {
                _done.TrySetResult(_responses.ToList());
            }
        }
    }

    /// <summary>The responses; a <see cref="TimeoutException"/> worded as the Node adapter's when some are missing.</summary>
    public async Task<IReadOnlyList<NotepackMessage>> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _done.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            int received;
            lock (_responses)
            {
                received = _responses.Count;
            }

            throw new TimeoutException(
                $"timeout reached while waiting for {RequestName} response: only {received} responses received out of {Expected}");
        }
    }
}
