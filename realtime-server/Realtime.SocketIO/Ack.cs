namespace Realtime.SocketIO;

/// <summary>Answers the event it was handed with; only the first call is sent.</summary>
public delegate void Ack(params object?[] args);
