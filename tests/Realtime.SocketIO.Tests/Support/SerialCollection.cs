namespace Realtime.SocketIO.Tests.Support;

/// <summary>Tests that measure process-wide memory or allocations run alone, not beside the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial (measures the process)";
}
