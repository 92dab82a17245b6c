using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Realtime.EngineIO.Protocol;

namespace Realtime.EngineIO.Tests.Codec;

public class PollingPayloadTests
{
    [Fact]
    public void Packets_are_joined_by_the_record_separator()
    {
        var payload = Encode(EngineMessage.Text("hello"), EngineMessage.Ping, EngineMessage.Binary(new byte[] { 1, 2, 3, 4 }));

        Assert.Equal("4hello\u001e2\u001ebAQIDBA==", payload);
    }

    [Fact]
    public void Encoded_length_matches_the_written_bytes()
    {
        EngineMessage[] messages = [EngineMessage.Text("a"), EngineMessage.Binary(new byte[] { 0, 255 }), EngineMessage.Text("€")];

        Assert.Equal(Encoding.UTF8.GetByteCount(Encode(messages)), PollingPayload.EncodedLength(messages));
    }

    [Fact]
    public void Records_split_on_the_separator_and_an_empty_payload_is_one_empty_record()
    {
        Assert.Equal(["4a", "", "4b"], Split("4a\u001e\u001e4b"));
        Assert.Equal([""], Split(""));
    }

    [Theory]
    [InlineData("b!!!!")]
    [InlineData("bAQI")]
    [InlineData("bAQIDBA=")]
    [InlineData("bAQ==IDB")]
    public void Malformed_base64_is_rejected(string record)
    {
        Assert.False(PollingPayload.TryDecodeBinaryRecord(Encoding.ASCII.GetBytes(record), out _));
    }

    [Fact]
    public void Empty_binary_record_decodes_to_no_bytes()
    {
        Assert.True(PollingPayload.TryDecodeBinaryRecord("b"u8, out var data));
        Assert.Empty(data);
    }

    [Property(MaxTest = 300)]
    public Property Text_and_binary_messages_round_trip_through_a_payload()
    {
        var item = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.Contains('\u001e', StringComparison.Ordinal)
                && Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s).Select(s => (object)s),
            ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(b => (object)b));
        return Prop.ForAll(item.NonEmptyListOf().ToArbitrary(), items =>
        {
            var messages = items.Select(i => i is string s ? EngineMessage.Text(s) : EngineMessage.Binary((byte[])i)).ToArray();
            var payload = Encoding.UTF8.GetBytes(Encode(messages));
            var decoded = new List<object>();
            foreach (var range in PollingPayload.Records(payload))
            {
                var record = payload.AsSpan(range);
                if (PollingPayload.IsBinaryRecord(record))
                {
                    Assert.True(PollingPayload.TryDecodeBinaryRecord(record, out var data));
                    decoded.Add(data);
                }
                else
                {
                    Assert.Equal((byte)'4', record[0]);
                    decoded.Add(Encoding.UTF8.GetString(record[1..]));
                }
            }

            return decoded.Count == items.Count && decoded.Zip(items).All(pair => pair.First switch
            {
                string text => text == (string)pair.Second,
                byte[] bytes => bytes.AsSpan().SequenceEqual((byte[])pair.Second),
                _ => false,
            });
        });
    }

    private static string Encode(params EngineMessage[] messages)
    {
        var writer = new ArrayBufferWriter<byte>();
        PollingPayload.Write(writer, messages);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }

    private static List<string> Split(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var records = new List<string>();
        foreach (var range in PollingPayload.Records(bytes))
        {
            records.Add(Encoding.UTF8.GetString(bytes.AsSpan(range)));
        }

        return records;
    }
}
