using System.Collections.Concurrent;
using Realtime.EngineIO;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>Echoes every message back to its sender and records opens and closes for the tests to await.</summary>
public sealed class EchoHandler : IEngineConnectionHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EngineConnection>> _opens = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _closes = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    /// <summary>Whether messages are echoed; tests of server-initiated traffic turn it off.</summary>
    public bool Echo { get; set; } = true;

    public ConcurrentQueue<string> Violations { get; } = new();

    public int MessagesReceived => _calls.Values.Sum();

    public void OnOpen(EngineConnection connection)
    {
        Track(connection.Id, opened: true);
        Open(connection.Id).TrySetResult(connection);
    }

    public void OnMessage(EngineConnection connection, EngineInboundMessage message)
    {
        _calls.AddOrUpdate(connection.Id, 1, (_, count) => count + 1);
        if (Close(connection.Id).Task.IsCompleted)
        {
            Violations.Enqueue($"message after close on {connection.Id}");
        }

        if (Echo)
        {
            connection.Send(message.IsBinary ? EngineMessage.Binary(message.Binary) : EngineMessage.Text(message.Text!));
        }
    }

    public void OnClose(EngineConnection connection, string reason)
    {
        if (!Close(connection.Id).TrySetResult(reason))
        {
            Violations.Enqueue($"second close on {connection.Id}");
        }
    }

    public Task<EngineConnection> OpenedAsync(string id) => Open(id).Task.WaitAsync(TimeSpan.FromSeconds(10));

    public Task<string> ClosedAsync(string id) => Close(id).Task.WaitAsync(TimeSpan.FromSeconds(10));

    public bool IsClosed(string id) => Close(id).Task.IsCompleted;

    private void Track(string id, bool opened)
    {
        if (opened && Open(id).Task.IsCompleted)
        {
            Violations.Enqueue($"second open on {id}");
        }
    }

    private TaskCompletionSource<EngineConnection> Open(string id) =>
        _opens.GetOrAdd(id, _ => new TaskCompletionSource<EngineConnection>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<string> Close(string id) =>
        _closes.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
