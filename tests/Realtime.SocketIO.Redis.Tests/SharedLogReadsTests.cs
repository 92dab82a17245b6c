using System.Globalization;
using Realtime.SocketIO.Recovery;
using Realtime.SocketIO.Redis.Recovery;
using Realtime.SocketIO.Redis.Wire;
using Realtime.Testing;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// Restores waiting at the same time on one pod read the recovery log once between them, on a real redis-server
/// holding a log our server wrote, and each still gets exactly the entries of its rooms after its own offset.
/// </summary>
public sealed class SharedLogReadsTests
{
    private const int Entries = 1000;
    private const int Rooms = 10;
    private const long ShippedReplayBytes = 2 * 1024 * 1024;

    [Fact]
    public async Task A_hundred_concurrent_restores_share_the_reads_and_each_gets_its_rooms_entries_after_its_offset()
    {
        await using var log = await LoggedBroadcastsAsync();
        var requests = Enumerable.Range(0, 100).Select(i => (Index: i * 7, Room: i % Rooms)).ToList();
        var callsBefore = await log.ScriptCallsAsync();

        var results = await Task.WhenAll(requests.Select(request => log.Reads.ReadAfterAsync(log.Offset(request.Index),
            InRoom(request.Room), ShippedReplayBytes, CancellationToken.None)));

        var calls = await log.ScriptCallsAsync() - callsBefore;
        for (var i = 0; i < requests.Count; i++)
        {
            var (index, room) = requests[i];
            var expected = Enumerable.Range(index + 1, Entries - index - 1).Where(seq => seq % Rooms == room);
            Assert.Equal(expected, results[i]!.Select(Sequence));
            Assert.All(results[i]!, entry => Assert.Equal(entry.Offset, entry.Message.Offset));
        }

        // A read of the whole log is four pages of 256; one read per restore would have been about 250 pages. The
        // first restore starts a read alone, the rest share the next one (or two, if they arrive while it runs).
        Assert.InRange(calls, 4, 3 * 4);
    }

    [Fact]
    public async Task A_restore_over_its_byte_bound_or_behind_the_log_fails_alone_and_the_others_in_its_read_complete()
    {
        await using var log = await LoggedBroadcastsAsync();
        StreamOffset.TryParse("1-0", out var trimmed);

        var results = await Task.WhenAll(
            log.Reads.ReadAfterAsync(trimmed, InRoom(0), ShippedReplayBytes, CancellationToken.None),
            log.Reads.ReadAfterAsync(log.Offset(0), InRoom(1), maxBytes: 200, CancellationToken.None),
            log.Reads.ReadAfterAsync(log.Offset(10), InRoom(2), ShippedReplayBytes, CancellationToken.None),
            log.Reads.ReadAfterAsync(log.Offset(500), InRoom(3), ShippedReplayBytes, CancellationToken.None));

        Assert.Null(results[0]);
        Assert.Null(results[1]);
        Assert.Equal(Enumerable.Range(11, Entries - 11).Where(seq => seq % Rooms == 2), results[2]!.Select(Sequence));
        Assert.Equal(Enumerable.Range(501, Entries - 501).Where(seq => seq % Rooms == 3), results[3]!.Select(Sequence));
    }

    [Fact]
    public async Task A_redis_that_went_away_fails_the_waiting_restores_with_its_error_and_never_hangs_them()
    {
        await using var log = await LoggedBroadcastsAsync();
        await log.Cluster.Redis.StopAsync();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => log.Reads.ReadAfterAsync(log.Offset(0), InRoom(0),
            ShippedReplayBytes, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(failure is RedisException or TimeoutException, failure.ToString());
    }

    private static Func<BroadcastMessage, bool> InRoom(int room) =>
        message => message.Options.Rooms.Contains(Room(room));

    private static string Room(int room) => string.Create(CultureInfo.InvariantCulture, $"room-{room}");

    private static int Sequence((string Offset, BroadcastMessage Message) entry) =>
        entry.Message.Packet.Data!.Value[1].GetInt32();

    /// <summary><see cref="Entries"/> broadcasts numbered 0.. to the rooms in turn, logged by our server.</summary>
    private static async Task<LoggedBroadcasts> LoggedBroadcastsAsync()
    {
        var cluster = await RedisCluster.StartAsync(1,
            socketIO: options => options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        try
        {
            for (var i = 0; i < Entries; i++)
            {
                cluster[0].Main.To(Room(i % Rooms)).Emit("seq", i);
            }

            await Eventually.TrueAsync(() => cluster[0].Backplane.Counters.Published == Entries, TimeSpan.FromSeconds(10),
                "every broadcast was logged");
            var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Configuration);
            var log = new RecoveryLog("socket.io", "/", new ConnectionStateRecoveryOptions().MaxLogBytes, TimeSpan.FromMinutes(2));
            var ids = (await redis.GetDatabase().StreamRangeAsync(log.StreamKey)).Select(entry => (string)entry.Id!).ToList();
            Assert.Equal(Entries, ids.Count);
            return new LoggedBroadcasts(cluster, redis, new SharedLogReads(log, () => redis.GetDatabase()), ids);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private sealed record LoggedBroadcasts(RedisCluster Cluster, ConnectionMultiplexer Redis, SharedLogReads Reads,
        IReadOnlyList<string> Ids) : IAsyncDisposable
    {
        public StreamOffset Offset(int index) => StreamOffset.TryParse(Ids[index], out var offset)
            ? offset
            : throw new InvalidOperationException($"'{Ids[index]}' is not a stream id");

        /// <summary>Scripts Redis ran: the log's page reads (nothing else runs one while a test reads).</summary>
        public async Task<long> ScriptCallsAsync()
        {
            var stats = await Cluster.Redis.BulkCommandAsync("INFO", "commandstats");
            return stats.Split("\r\n").Where(line => line.StartsWith("cmdstat_eval", StringComparison.Ordinal))
                .Sum(line => long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
        }

        public async ValueTask DisposeAsync()
        {
            await Redis.DisposeAsync();
            await Cluster.DisposeAsync();
        }
    }
}
