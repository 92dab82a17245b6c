using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>
/// A team's own Socket.IO app from examples/, run as the operator's pods run it: PORT, POD_NAME and one
/// <c>redis://</c> URL in REDIS_URL. Flask-SocketIO runs on Debian's python3 (eventlet serves WebSocket);
/// the Node app resolves socket.io and the Redis adapter from tests/node's pinned packages.
/// </summary>
/// <param name="BackplaneChannel">A channel every replica subscribes to once it has joined the backplane.</param>
/// <param name="UnknownSessionBody">What the app answers a request for another replica's session, with HTTP 400.</param>
public sealed record OwnApp(string Name, string Program, string Script, string Emitter, string BackplaneChannel, string UnknownSessionBody)
{
    /// <summary>Debian's Python packages serve /usr/bin/python3, not a python3 earlier on PATH (pyenv).</summary>
    public const string DebianPython = "/usr/bin/python3";

    public static readonly OwnApp FlaskSocketIO = new("flask-socketio", DebianPython, "examples/flask-socketio/app.py",
        "examples/flask-socketio/emit.py", "flask-socketio", "\"Invalid session\"");

    public static readonly OwnApp NodeSocketIO = new("node-socketio", "node", "examples/node-socketio/server.js",
        "examples/node-socketio/emit.js", "socket.io-request#/#", """{"code":1,"message":"Session ID unknown"}""");

    public static OwnApp Named(string name) => name == FlaskSocketIO.Name ? FlaskSocketIO : NodeSocketIO;

    public ChildProcess Start(string scriptPath, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var program = Program == DebianPython ? RequireFlaskSocketIO() : ExecutableLocator.Require(Program);
        var variables = new Dictionary<string, string>(environment)
        {
            ["NODE_PATH"] = Path.Combine(RepositoryPaths.NodeWorkspace, "node_modules"),
        };
        return ChildProcess.Start(program, [RepositoryPaths.Combine(scriptPath), .. arguments], RepositoryPaths.Root, variables);
    }

    /// <summary>A write-only emitter process (a Celery worker, a Node service): publishes once through Redis and exits.</summary>
    public async Task EmitAsync(string redisUrl, string eventName, string json, string? room)
    {
        string[] arguments = room is null ? [eventName, json] : [eventName, json, room];
        await using var emitter = Start(Emitter, arguments, new Dictionary<string, string> { ["REDIS_URL"] = redisUrl });
        var exit = await emitter.WaitForExitAsync(TimeSpan.FromSeconds(20));
        if (exit != 0)
        {
            throw new InvalidOperationException($"{Emitter} exited with {exit}:\n{emitter.Output}");
        }
    }

    private static string RequireFlaskSocketIO() =>
        File.Exists(DebianPython) && Directory.Exists("/usr/lib/python3/dist-packages/flask_socketio")
            && Directory.Exists("/usr/lib/python3/dist-packages/eventlet")
            ? DebianPython
            : throw new InvalidOperationException(
                "Debian's python3-flask-socketio and python3-eventlet are missing: run scripts/ensure-deps.sh (as root) or apt-get install -y python3-flask-socketio python3-eventlet python3-redis");
}
