using System.Text.Json;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO;

/// <summary>
/// The arguments of a received event or acknowledgement. Each is a JSON value; a binary argument is a placeholder
/// whose bytes <see cref="GetBinary(int)"/> (or <see cref="ResolveBinary"/> for nested ones) returns.
/// </summary>
public sealed class SocketIOArguments
{
    public static readonly SocketIOArguments Empty = new(default, 0, []);

    private readonly JsonElement _array;
    private readonly int _offset;

    /// <summary>
    /// Arguments from a JSON array in deconstructed form (binaries as placeholders numbering into
    /// <paramref name="attachments"/>): what an adapter hands to an ack callback for an answer from another server.
    /// </summary>
    public SocketIOArguments(JsonElement array, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
        : this(array, 0, attachments)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new ArgumentException($"arguments are a JSON array, not {array.ValueKind}", nameof(array));
        }

        ArgumentNullException.ThrowIfNull(attachments);
    }

    internal SocketIOArguments(JsonElement array, int offset, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        _array = array;
        _offset = offset;
        Attachments = attachments;
        Count = array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() - offset : 0;
    }

    public int Count { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments { get; }

    public JsonElement this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _array[index + _offset];
        }
    }

    /// <summary>The argument deserialized as <typeparamref name="T"/>; throws <see cref="JsonException"/> when it does not fit.</summary>
    public T? Get<T>(int index) => this[index].Deserialize<T>();

    /// <summary>The bytes of a binary argument; throws <see cref="InvalidOperationException"/> when it is not binary.</summary>
    public ReadOnlyMemory<byte> GetBinary(int index) => ResolveBinary(this[index]);

    /// <summary>True when the argument is a binary attachment.</summary>
    public bool IsBinary(int index) => Placeholder.TryGetIndex(this[index], out var num) && num < Attachments.Count;

    /// <summary>The bytes a placeholder (anywhere inside an argument) stands for.</summary>
    public ReadOnlyMemory<byte> ResolveBinary(JsonElement placeholder)
    {
        if (Placeholder.TryGetIndex(placeholder, out var num) && num < Attachments.Count)
        {
            return Attachments[num];
        }

        throw new InvalidOperationException("the value is not a binary attachment placeholder");
    }

    /// <summary>
    /// The arguments ready to be emitted again, with every binary value, at any depth, back as bytes (sent as an
    /// attachment): an echo is <c>socket.On("echo", (args, ack) => ack?.Invoke(args.ToEmitArguments()))</c>.
    /// </summary>
    public object?[] ToEmitArguments()
    {
        var result = new object?[Count];
        for (var i = 0; i < Count; i++)
        {
            result[i] = ToEmitValue(this[i]);
        }

        return result;
    }

    /// <summary>One argument ready to be emitted again (see <see cref="ToEmitArguments"/>).</summary>
    public object? ToEmitArgument(int index) => ToEmitValue(this[index]);

    /// <summary>
    /// A value taken from these arguments (e.g. one property of an object argument) ready to be emitted, its
    /// binary values at any depth back as bytes.
    /// </summary>
    public object? ToEmitValue(JsonElement value) => AttachmentRestorer.Restore(value, Attachments);

    /// <summary>The arguments as a JSON array (binary values still as placeholders).</summary>
    public IEnumerable<JsonElement> AsEnumerable()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }
}
