using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Operator.Runtime.Memory;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>
/// When the operator gives its grown GC heap back, at the shipped thresholds, with the figures the 200-cluster bench
/// showed (docs/benchmarks.md: 40 MiB committed for a 14 MiB live heap after convergence, ~80 KiB allocated per 2 s idle).
/// </summary>
public sealed class HeapReturnerTests
{
    private const long MiB = 1024 * 1024;
    private readonly HeapReturner _returner = new(NullLogger<HeapReturner>.Instance, TimeProvider.System);

    [Fact]
    public void Returns_the_heap_once_allocation_has_gone_quiet_after_a_burst()
    {
        Assert.True(_returner.ShouldReturn(allocatedInPeriod: 80 * 1024, surplusBytes: 26 * MiB, sinceLastReturn: null));
    }

    [Fact]
    public void Waits_while_reconciles_still_allocate()
    {
        Assert.False(_returner.ShouldReturn(allocatedInPeriod: 20 * MiB, surplusBytes: 26 * MiB, sinceLastReturn: null));
    }

    [Fact]
    public void Leaves_a_heap_that_is_mostly_live()
    {
        Assert.False(_returner.ShouldReturn(allocatedInPeriod: 80 * 1024, surplusBytes: 8 * MiB, sinceLastReturn: null));
    }

    [Fact]
    public void Returns_at_most_once_per_five_minutes()
    {
        Assert.False(_returner.ShouldReturn(allocatedInPeriod: 80 * 1024, surplusBytes: 26 * MiB, sinceLastReturn: TimeSpan.FromMinutes(1)));
        Assert.True(_returner.ShouldReturn(allocatedInPeriod: 80 * 1024, surplusBytes: 26 * MiB, sinceLastReturn: TimeSpan.FromMinutes(5)));
    }
}
