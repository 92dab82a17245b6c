using System.Buffers;
using System.Text;
using Realtime.SocketIO.Redis.Subscriber;

namespace Realtime.SocketIO.Redis.Tests.Subscriber;

public class RespReaderTests
{
    private const long Limit = 1024;

    private static ReadOnlySequence<byte> Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    /// <summary>The same bytes split into one segment per byte, as a slow socket could deliver them.</summary>
    private static ReadOnlySequence<byte> OneBytePerSegment(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    [Fact]
    public void Reads_a_message_push_and_leaves_what_follows()
    {
        var buffer = Bytes("*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$3\r\n\x01\x02\x03\r\n+next");

        Assert.True(RespReader.TryRead(ref buffer, Limit, out var push));

        Assert.Equal(RespKind.Array, push.Kind);
        Assert.Equal("message", push.Items![0].AsString());
        Assert.Equal("room", push.Items[1].AsString());
        Assert.Equal(new byte[] { 1, 2, 3 }, push.Items[2].Bulk);
        Assert.Equal("+next", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void A_reply_split_across_segments_reads_the_same()
    {
        var buffer = OneBytePerSegment("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n");

        Assert.True(RespReader.TryRead(ref buffer, Limit, out var reply));

        Assert.Equal(["subscribe", "a", null], reply.Items!.Select(item => item.AsString()));
        Assert.Equal(1, reply.Items![2].Integer);
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [InlineData("*3\r\n$7\r\nmessage\r\n$4\r\nro")]
    [InlineData("*3\r\n$7\r\nmessage\r\n")]
    [InlineData("$5\r\nhello")]
    [InlineData("+OK")]
    [InlineData("")]
    public void An_incomplete_reply_is_left_for_later(string text)
    {
        var buffer = Bytes(text);

        Assert.False(RespReader.TryRead(ref buffer, Limit, out _));
        Assert.Equal(text.Length, buffer.Length);
    }

    [Fact]
    public void Simple_strings_errors_and_null_bulk_strings_are_told_apart()
    {
        var buffer = Bytes("+OK\r\n-WRONGPASS invalid username-password pair\r\n$-1\r\n");

        Assert.True(RespReader.TryRead(ref buffer, Limit, out var ok));
        Assert.True(RespReader.TryRead(ref buffer, Limit, out var error));
        Assert.True(RespReader.TryRead(ref buffer, Limit, out var missing));

        Assert.Equal((RespKind.Simple, "OK"), (ok.Kind, ok.AsString()));
        Assert.Equal((RespKind.Error, "WRONGPASS invalid username-password pair"), (error.Kind, error.Text));
        Assert.Equal(RespKind.Bulk, missing.Kind);
        Assert.Null(missing.Bulk);
    }

    [Theory]
    [InlineData("!garbage\r\n")]
    [InlineData("$abc\r\n")]
    [InlineData("$3\r\nabcXY")]
    [InlineData("$2000\r\n")]
    [InlineData("*3\r\n$2000\r\n")]
    [InlineData("*1000\r\n")]
    [InlineData("*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n")]
    [InlineData("$-5\r\n")]
    public void Anything_else_is_a_protocol_error(string text)
    {
        var buffer = Bytes(text);

        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, Limit, out _));
    }

    /// <summary>ROLE on a master: its replicas, each an array, three levels deep; the subscriber checks it behind Sentinel.</summary>
    [Fact]
    public void The_role_reply_of_a_master_with_replicas_is_read()
    {
        var buffer = Bytes("*3\r\n$6\r\nmaster\r\n:3129659\r\n*2\r\n*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9001\r\n$7\r\n3129242\r\n"
                           + "*3\r\n$9\r\n127.0.0.1\r\n$4\r\n9002\r\n$7\r\n3129543\r\n");

        Assert.True(RespReader.TryRead(ref buffer, Limit, out var role));

        Assert.Equal("master", role.Items![0].AsString());
        Assert.Equal(2, role.Items[2].Items!.Count);
    }

    [Fact]
    public void An_oversize_payload_says_how_far_its_message_reaches()
    {
        var message = "*3\r\n$7\r\nmessage\r\n$4\r\nroom\r\n$2000\r\n";
        var buffer = Bytes(message + "only the start of the payload");

        var oversize = Assert.Throws<OversizeMessageException>(() => RespReader.TryRead(ref buffer, Limit, out _));

        Assert.Equal(message.Length + 2000 + 2, oversize.BytesToSkip);
    }

    [Fact]
    public void A_line_without_an_end_is_refused_once_it_is_too_long()
    {
        var buffer = Bytes("+" + new string('x', 70_000));

        Assert.Throws<RespProtocolException>(() => RespReader.TryRead(ref buffer, Limit, out _));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
