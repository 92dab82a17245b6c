namespace Realtime.EngineIO.Protocol;

/// <summary>The error codes of the Node server (<c>Server.errors</c>), sent as <c>{"code":n,"message":...}</c>.</summary>
internal enum EngineErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
