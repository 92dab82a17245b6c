namespace Realtime.Testing;

/// <summary>Awaits a condition that becomes true asynchronously, failing with a description when it does not.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        await TrueAsync(() => Task.FromResult(condition()), timeout, description);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not true within {timeout}: {description}");
            }

            await Task.Delay(20);
        }
    }
}
