using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Realtime.Testing;

/// <summary>
/// One RESP2 command to a loopback server and its whole reply, for fixtures that read structured answers
/// (<c>SENTINEL master</c>, <c>ROLE</c>): a string, a long, null, an error as <see cref="RespError"/>, or a list.
/// </summary>
public static class RespCall
{
    public static async Task<object?> SendAsync(int port, string? password, TimeSpan timeout, params string[] command)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cts.Token);
        var stream = client.GetStream();
        if (password is not null)
        {
            await WriteAsync(stream, ["AUTH", password], cts.Token);
            if (await ReadAsync(stream, cts.Token) is RespError refused)
            {
                throw new InvalidOperationException($"AUTH to 127.0.0.1:{port} was refused: {refused.Message}");
            }
        }

        await WriteAsync(stream, command, cts.Token);
        return await ReadAsync(stream, cts.Token);
    }

    /// <summary>A reply that is a flat list of field names and values (<c>SENTINEL master</c>) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Fields(object? reply)
    {
        var items = reply as IReadOnlyList<object?> ?? throw new InvalidOperationException($"not a list: {reply}");
        var fields = new Dictionary<string, string>();
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            fields[items[i]?.ToString() ?? string.Empty] = items[i + 1]?.ToString() ?? string.Empty;
        }

        return fields;
    }

    private static async Task WriteAsync(NetworkStream stream, IReadOnlyList<string> command, CancellationToken cancellation)
    {
        var builder = new StringBuilder();
        builder.Append('*').Append(command.Count).Append("\r\n");
        foreach (var part in command)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(builder.ToString()), cancellation);
    }

    private static async Task<object?> ReadAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var line = await ReadLineAsync(stream, cancellation);
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                return new RespError(rest);
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
            {
                var length = int.Parse(rest, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return null;
                }

                var buffer = new byte[length + 2];
                await stream.ReadExactlyAsync(buffer, cancellation);
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            case '*':
            {
                var count = int.Parse(rest, CultureInfo.InvariantCulture);
                if (count < 0)
                {
                    return null;
                }

                var items = new List<object?>(count);
                for (var i = 0; i < count; i++)
                {
                    items.Add(await ReadAsync(stream, cancellation));
                }

                return items;
            }

            default:
                throw new InvalidOperationException($"not a RESP2 reply: '{line}'");
        }
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, CancellationToken cancellation)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, cancellation);
            if (one[0] == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)one[0]);
        }
    }
}

/// <summary>An error reply (<c>-ERR ...</c>, <c>-NOQUORUM ...</c>).</summary>
public sealed record RespError(string Message);
