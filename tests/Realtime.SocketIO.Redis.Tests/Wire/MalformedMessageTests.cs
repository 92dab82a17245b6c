using Realtime.SocketIO.Redis.Wire;

namespace Realtime.SocketIO.Redis.Tests.Wire;

public sealed class MalformedMessageTests
{
    public static TheoryData<string> Garbage => new()
    {
        "",
        "c1",
        "93",
        "93a17883",
        "92a17880",
        "9300c0c0",
        "dd7fffffff",
        "df7fffffff",
        "93a178830101",
        "7b226e6f74206a736f6e",
        "c70501ffffffffff",
        "93a17881a474797065cc99c0",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Rejects_garbage_with_a_wire_format_error(string hex)
    {
        Assert.Throws<RedisWireFormatException>(() => BroadcastMessage.Decode(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Refuses_nesting_deeper_than_the_limit_instead_of_exhausting_the_stack()
    {
        var bytes = Enumerable.Repeat((byte)0x91, 100_000).Append((byte)0xc0).ToArray();

        Assert.Throws<RedisWireFormatException>(() => NotepackMessage.Decode(bytes));
    }

    [Fact]
    public void Rejects_trailing_bytes()
    {
        Assert.Throws<RedisWireFormatException>(() => NotepackMessage.Decode(Convert.FromHexString("90c0")));
    }
}
