namespace Realtime.Server.Api;

/// <summary>Carries a validated publish request into the Socket.IO server.</summary>
public interface IEmitBroadcaster
{
    /// <summary>Broadcasts the command; returns null when handed over, else why it was refused.</summary>
    string? Emit(EmitCommand command);
}
