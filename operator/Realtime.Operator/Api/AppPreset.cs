namespace Realtime.Operator.Api;

/// <summary>The kind of Socket.IO server the pods run, which decides the defaults of <see cref="AppSpec"/>.</summary>
public enum AppPreset
{
    RealtimeServer,
    FlaskSocketIO,
    NodeSocketIO,
    Custom,
}
