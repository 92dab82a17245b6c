using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO.Adapters;

namespace Realtime.SocketIO.Tests.Adapters;

/// <summary>The adapter base class's local room index and the hooks a cluster adapter observes.</summary>
public sealed class RoomIndexTests : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly RecordingAdapter _adapter;

    public RoomIndexTests()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IAdapterFactory, RecordingAdapterFactory>()
            .AddSocketIO()
            .BuildServiceProvider();
        _adapter = (RecordingAdapter)_services.GetRequiredService<SocketIOServer>().Of("/rooms").Adapter;
    }

    [Fact]
    public void Rooms_are_created_on_first_member_and_deleted_with_the_last()
    {
        _adapter.AddAll("a", ["a", "r1", "r2"]);
        _adapter.AddAll("b", ["b", "r1"]);
        _adapter.Del("a", "r1");
        _adapter.DelAll("b");

        Assert.Equal(["+a", "+r1", "+r2", "+b", "-b", "-r1"], _adapter.Events);
        Assert.Equal(["a", "r2"], _adapter.SocketRooms("a").Order(StringComparer.Ordinal));
        Assert.Empty(_adapter.SocketRooms("b"));
        Assert.Equal(2, _adapter.RoomCount);
    }

    [Fact]
    public void Joining_twice_and_leaving_a_room_not_joined_change_nothing()
    {
        _adapter.AddAll("a", ["a", "r"]);
        _adapter.AddAll("a", ["r"]);
        _adapter.Del("a", "elsewhere");
        _adapter.Del("ghost", "r");
        _adapter.DelAll("ghost");

        Assert.Equal(["+a", "+r"], _adapter.Events);
    }

    [Fact]
    public void Broadcast_options_select_room_members_less_excepted_rooms_without_duplicates()
    {
        _adapter.AddAll("a", ["a", "red", "blue"]);
        _adapter.AddAll("b", ["b", "red", "vip"]);
        _adapter.AddAll("c", ["c", "blue"]);
        _adapter.AddAll("d", ["d"]);

        Assert.Equal(["a", "b", "c", "d"], Match(new BroadcastOptions()));
        Assert.Equal(["a", "b", "c"], Match(new BroadcastOptions { Rooms = Set("red", "blue") }));
        Assert.Equal(["a", "c"], Match(new BroadcastOptions { Rooms = Set("red", "blue"), Except = Set("vip") }));
        Assert.Equal(["c", "d"], Match(new BroadcastOptions { Except = Set("red") }));
        Assert.Equal(["b"], Match(new BroadcastOptions { Rooms = Set("b") }));
        Assert.Empty(Match(new BroadcastOptions { Rooms = Set("nobody") }));
    }

    [Fact]
    public async Task All_rooms_lists_the_local_rooms_and_one_server_counts_itself()
    {
        _adapter.AddAll("a", ["a", "red"]);

        Assert.Equal(["a", "red"], (await _adapter.AllRoomsAsync()).Order(StringComparer.Ordinal));
        Assert.Equal(1, await _adapter.ServerCountAsync());
    }

    public void Dispose() => _services.Dispose();

    private static HashSet<string> Set(params string[] rooms) => [.. rooms];

    private string[] Match(BroadcastOptions options) =>
        [.. _adapter.LocalSocketIds(options).Order(StringComparer.Ordinal)];

    private sealed class RecordingAdapterFactory : IAdapterFactory
    {
        public Adapter Create(Namespace nsp) => new RecordingAdapter(nsp);
    }

    private sealed class RecordingAdapter(Namespace nsp) : Adapter(nsp)
    {
        public List<string> Events { get; } = [];

        protected override void OnRoomCreated(string room) => Events.Add("+" + room);

        protected override void OnRoomDeleted(string room) => Events.Add("-" + room);
    }
}
