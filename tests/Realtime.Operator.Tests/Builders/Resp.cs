using System.Net.Sockets;
using System.Text;

namespace Realtime.Operator.Tests.Builders;

/// <summary>One RESP command against a local redis-server, optionally after AUTH; returns the first reply line.</summary>
internal static class Resp
{
    public static async Task<string> CommandAsync(int port, string? password, params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        if (password is not null)
        {
            await WriteAsync(stream, ["AUTH", password]);
            await reader.ReadLineAsync();
        }

        await WriteAsync(stream, command);
        return await reader.ReadLineAsync() ?? "";
    }

    private static async Task WriteAsync(NetworkStream stream, string[] command)
    {
        var text = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()));
    }
}
