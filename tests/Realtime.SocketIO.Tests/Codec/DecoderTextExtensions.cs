using System.Text;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Tests.Codec;

/// <summary>The codec takes UTF-8 as Engine.IO receives it; the tests write their packets as C# strings.</summary>
internal static class DecoderTextExtensions
{
    public static SocketIOPacket? Decode(this PacketDecoder decoder, string text) => decoder.DecodeText(Encoding.UTF8.GetBytes(text));

    public static SocketIOPacket? Decode(this PacketDecoder decoder, ReadOnlyMemory<byte> attachment) => decoder.DecodeAttachment(attachment);
}
