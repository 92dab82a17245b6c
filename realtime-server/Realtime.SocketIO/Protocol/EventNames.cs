namespace Realtime.SocketIO.Protocol;

/// <summary>Checks the name of an event the server is asked to emit.</summary>
internal static class EventNames
{
    public static void EnsureEmittable(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (ReservedEventNames.Contains(eventName))
        {
            throw new ArgumentException($"\"{eventName}\" is a reserved event name", nameof(eventName));
        }
    }
}
