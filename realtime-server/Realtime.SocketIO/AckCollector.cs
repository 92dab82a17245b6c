namespace Realtime.SocketIO;

/// <summary>
/// Gathers the acknowledgements of a broadcast, as Node's broadcast operator does: each server reports how many
/// clients it reached, the acks arrive in any order, and it completes once every server reported and every reached
/// client answered.
/// </summary>
internal sealed class AckCollector
{
    private readonly object _gate = new();
    private readonly List<SocketIOArguments> _responses = [];
    private readonly TaskCompletionSource<IReadOnlyList<SocketIOArguments>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _serversReported;
    private int _serverCount = -1;

    public Task<IReadOnlyList<SocketIOArguments>> Task => _completion.Task;

    public int Expected { get; private set; }

    public int Received
    {
        get
        {
            lock (_gate)
            {
                return _responses.Count;
            }
        }
    }

    /// <summary>Adds clients that were reached; the adapter calls it once per server.</summary>
    public void Expect(int clientCount)
    {
        lock (_gate)
        {
            Expected += clientCount;
            _serversReported++;
            CompleteIfDone();
        }
    }

    /// <summary>How many servers will report (the adapter's server count).</summary>
    public void ExpectServers(int serverCount)
    {
        lock (_gate)
        {
            _serverCount = serverCount;
            CompleteIfDone();
        }
    }

    public void Add(SocketIOArguments response)
    {
        lock (_gate)
        {
            _responses.Add(response);
            CompleteIfDone();
        }
    }

    private void CompleteIfDone()
    {
        if (_serversReported >= _serverCount && _serverCount >= 0 && _responses.Count >= Expected)
        {
            _completion.TrySetResult([.. _responses]);
        }
    }
}
