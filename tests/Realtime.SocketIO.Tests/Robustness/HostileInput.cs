using System.Text;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>
/// Deterministic (seeded) sequences of broken Socket.IO input: random text, truncated packets, misplaced or
/// excess attachments, reserved names, deep nesting. Each sequence ends with a packet that is certainly invalid.
/// </summary>
public sealed class HostileInput(int seed)
{
    private const string ValidEvent = "2/admin,17[\"message\",{\"text\":\"hello\",\"list\":[1,2,3]}]";

    private readonly Random _random = new(seed);

    /// <summary>A frame: text (Engine.IO message, so starting with 4) or binary.</summary>
    public readonly record struct Frame(string? Text, byte[]? Binary);

    public IReadOnlyList<Frame> NextSequence()
    {
        var frames = new List<Frame>();
        if (_random.Next(2) == 0)
        {
            frames.Add(new Frame("40", null));
        }

        var count = _random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            frames.Add(NextFrame());
        }

        frames.Add(new Frame("4\u0000 certainly not a packet", null));
        return frames;
    }

    private Frame NextFrame() => _random.Next(9) switch
    {
        0 => Text("4" + RandomText(_random.Next(1, 200))),
        1 => Text("4" + ValidEvent[.._random.Next(1, ValidEvent.Length)]),
        2 => new Frame(null, RandomBytes(_random.Next(1, 300))),
        3 => Text("451-[\"a\",{\"_placeholder\":true,\"num\":0}]"),
        4 => Text("45" + _random.Next(11, 100_000) + "-[\"a\"]"),
        5 => Text("42[\"" + (_random.Next(2) == 0 ? "connect" : "disconnecting") + "\"]"),
        6 => Text("42[\"deep\"," + new string('[', 5000) + new string(']', 5000) + "]"),
        7 => Text("43" + _random.Next() + "{\"not\":\"an array\"}"),
        _ => Text("4" + _random.Next(0, 7) + "/" + RandomText(_random.Next(0, 30)) + "," + RandomText(10)),
    };

    private static Frame Text(string text) => new(text, null);

    private string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(_random.Next(10) == 0 ? (char)_random.Next(0xA0, 0x2FF) : (char)_random.Next(0x20, 0x7F));
        }

        return builder.ToString();
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }
}
