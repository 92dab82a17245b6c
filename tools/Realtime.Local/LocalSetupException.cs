namespace Realtime.Local;

/// <summary>A local cluster cannot start; the message says why and, where there is one, the command that fixes it.</summary>
public sealed class LocalSetupException(string message) : Exception(message);
