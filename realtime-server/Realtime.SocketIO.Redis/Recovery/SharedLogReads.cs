using Realtime.SocketIO.Recovery;
using Realtime.SocketIO.Redis.Wire;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// Reads the namespace's log once for all the restores on this pod that wait at the same time. The log holds every
/// room's broadcasts, so one restore reads many entries to keep the few of its rooms; when hundreds of a drained pod's
/// clients reconnect here together, reading it once per client backed the pod's Redis connection up past the recovery
/// timeout (the rollout bench row). A read serves every request that joined before it began, from the oldest offset
/// among them, decoding each entry once; a request that joins during a read waits for the next one, which begins as
/// soon as this one ends.
/// </summary>
internal sealed class SharedLogReads(RecoveryLog log, Func<IDatabaseAsync?> database)
{
    private readonly Lock _gate = new();
    private List<Request> _waiting = [];
    private bool _reading;

    /// <summary>
    /// The entries after <paramref name="offset"/> that <paramref name="wanted"/> keeps, oldest first; null when the log
    /// no longer reaches the offset, Redis is not connected, or the kept entries exceed <paramref name="maxBytes"/>.
    /// </summary>
    public Task<List<(string Offset, BroadcastMessage Message)>?> ReadAfterAsync(StreamOffset offset,
        Func<BroadcastMessage, bool> wanted, long maxBytes, CancellationToken cancellationToken)
    {
        var request = new Request(offset, wanted, maxBytes, cancellationToken);
        bool start;
        lock (_gate)
        {
            _waiting.Add(request);
            start = !_reading;
            _reading = true;
        }

        if (start)
        {
            _ = Task.Run(ReadWhileRequestedAsync, CancellationToken.None);
        }

        return request.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task ReadWhileRequestedAsync()
    {
        while (true)
        {
            List<Request> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _reading = false;
                    return;
                }

                batch = _waiting;
                _waiting = [];
            }

            try
            {
                await ServeAsync(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(e);
                }
            }
        }
    }

    private async Task ServeAsync(List<Request> batch)
    {
        var open = batch.OrderBy(request => request.Offset).ToList();
        while (true)
        {
            open.RemoveAll(request => request.Abandoned);
            if (open.Count == 0)
            {
                return;
            }

            if (database() is not { } redis)
            {
                open.ForEach(request => request.Fail());
                return;
            }

            var start = open[0].Offset;
            var page = await log.ReadPageAsync(redis, start.ToString());
            if (page is not null)
            {
                await ReadOnAsync(redis, page, open);
                return;
            }

            // The oldest offset was trimmed since its session was taken: those requests cannot be complete; the
            // others start from theirs.
            open.Where(request => request.Offset == start).ToList().ForEach(request => request.Fail());
        }
    }

    /// <summary>Offers each entry from <paramref name="page"/> on to every open request it follows, to the log's end.</summary>
    private async Task ReadOnAsync(IDatabaseAsync redis, IReadOnlyList<(string Offset, byte[] Head)>? page, List<Request> open)
    {
        while (true)
        {
            if (page is null)
            {
                // The last entry read was trimmed meanwhile: what followed it may be gone.
                open.ForEach(request => request.Fail());
                return;
            }

            foreach (var (id, head) in page)
            {
                var entryOffset = StreamOffset.TryParse(id, out var parsed) ? parsed : throw new RedisWireFormatException(
                    $"the recovery log has an entry id '{id}' that is not a stream id");
                var message = BroadcastMessage.Decode(BroadcastMessage.Complete(head, id));
                foreach (var request in open)
                {
                    if (request.Offset.CompareTo(entryOffset) < 0)
                    {
                        request.Offer(id, message, head.Length);
                    }
                }
            }

            open.RemoveAll(request => request.Abandoned);
            if (page.Count < RecoveryLog.PageSize || open.Count == 0)
            {
                open.ForEach(request => request.Complete());
                return;
            }

            page = await log.ReadPageAsync(redis, page[^1].Offset);
        }
    }

    private sealed class Request(StreamOffset offset, Func<BroadcastMessage, bool> wanted, long maxBytes,
        CancellationToken cancellationToken)
    {
        private readonly List<(string Offset, BroadcastMessage Message)> _kept = [];
        private long _bytes;

        public StreamOffset Offset => offset;

        public TaskCompletionSource<List<(string Offset, BroadcastMessage Message)>?> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its restore gave up (timed out, or the client left): reading on for it is wasted.</summary>
        public bool Abandoned => cancellationToken.IsCancellationRequested || Completion.Task.IsCompleted;

        /// <summary>Keeps the entry if wanted; fails the request when that exceeds its byte bound.</summary>
        public void Offer(string id, BroadcastMessage message, int bytes)
        {
            if (Abandoned || !wanted(message))
            {
                return;
            }

            _bytes += bytes;
            if (_bytes > maxBytes)
            {
                Fail();
                return;
            }

            _kept.Add((id, message));
        }

        public void Complete() => Completion.TrySetResult(_kept);

        /// <summary>Completes without a replay: the client connects as a new socket.</summary>
        public void Fail() => Completion.TrySetResult(null);
    }
}
