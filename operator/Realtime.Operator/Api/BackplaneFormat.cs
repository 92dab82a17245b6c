namespace Realtime.Operator.Api;

/// <summary>How the backplane's Redis address is written into the app's environment variable.</summary>
public enum BackplaneFormat
{
    /// <summary>One <c>redis://</c> URL: Flask-SocketIO's and python-socketio's <c>message_queue</c>, the Node adapter's client.</summary>
    URL,

    /// <summary>Comma-separated URLs, one per shard, as the bundled server's <c>REDIS_URLS</c>.</summary>
    URLList,
}
