namespace Realtime.Bench;

/// <summary>
/// One subscriber of the rollout row as an application sees it: one logical client in one room that outlives its
/// connections. When its connection ends, it waits socket.io-client's first reconnection delay, reconnects to
/// another pod with its <see cref="RecoveryToken"/> and, when the session was not recovered, joins its room again.
/// </summary>
public sealed class RolloutSubscriber(string room, Random jitter) : IAsyncDisposable
{
    private readonly HashSet<long> _seen = [];
    private readonly Lock _gate = new();
    private BenchClient? _client;
    private Uri? _pod;
    private int _recovered;
    private int _notRecovered;

    public string Room { get; } = room;

    /// <summary>Reconnections whose session the server restored.</summary>
    public int Recovered => _recovered;

    /// <summary>Reconnections that started a new session and joined the room again.</summary>
    public int NotRecovered => _notRecovered;

    public long Duplicates { get; private set; }

    /// <summary>Whether the client has received the bench event of <paramref name="sequence"/>.</summary>
    public bool HasSeen(long sequence)
    {
        lock (_gate)
        {
            return _seen.Contains(sequence);
        }
    }

    public async Task ConnectAsync(Uri pod, CancellationToken cancellation)
    {
        _pod = pod;
        _client = await BenchClient.ConnectAsync(pod, null, cancellation, onSequence: OnSequence);
        await _client.JoinAsync(Room, cancellation);
    }

    /// <summary>Keeps the client connected until <paramref name="stop"/>: reconnects whenever its connection ends.</summary>
    /// <param name="pickPod">A pod that is up, other than the one given (as the sticky proxy picks a new endpoint).</param>
    public async Task StayConnectedAsync(Func<Uri?, Uri> pickPod, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _client!.Closed.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var token = _client.Token;
            await _client.DisposeAsync();
            _client = null;
            while (_client is null)
            {
                BenchClient? client = null;
                try
                {
                    // socket.io-client's first attempt: reconnectionDelay 1000 ms, randomizationFactor 0.5.
                    await Task.Delay(TimeSpan.FromMilliseconds(500 + jitter.Next(1000)), stop);
                    _pod = pickPod(_pod);
                    client = await BenchClient.ConnectAsync(_pod, null, stop, token, OnSequence);
                    if (!client.Recovered)
                    {
                        await client.JoinAsync(Room, stop);
                    }

                    (client.Recovered ? ref _recovered : ref _notRecovered)++;
                    _client = client;
                }
                catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException
                    or InvalidOperationException or TimeoutException)
                {
                    // The pod stopped under the attempt (the next one goes elsewhere), or the run ended.
                    if (client is not null)
                    {
                        await client.DisposeAsync();
                    }

                    if (stop.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private void OnSequence(long sequence)
    {
        lock (_gate)
        {
            if (!_seen.Add(sequence))
            {
                Duplicates++;
            }
        }
    }
}
