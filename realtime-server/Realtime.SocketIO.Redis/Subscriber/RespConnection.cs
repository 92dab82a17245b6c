using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using StackExchange.Redis;
using NetworkSocket = System.Net.Sockets.Socket;

namespace Realtime.SocketIO.Redis.Subscriber;

/// <summary>
/// The pieces of a hand-made RESP2 connection that the ordered subscriber and the Sentinel watcher share: TCP (and
/// TLS when the URL says <c>rediss</c>), AUTH with the URL's credentials, commands and one reply at a time.
/// </summary>
internal static class RespConnection
{
    /// <summary>Opens TCP (and TLS) to <paramref name="endpoint"/> and authenticates with the configuration's credentials.</summary>
    public static async Task<(Stream Stream, PipeReader Reader)> OpenAsync(EndPoint endpoint, ConfigurationOptions configuration,
        int defaultPort, long maxReplyBytes, CancellationToken cancellation)
    {
        var (host, port) = endpoint switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            _ => throw new RedisSubscriberException($"unsupported endpoint {endpoint}"),
        };
        if (port == 0)
        {
            port = defaultPort;
        }

        var socket = new NetworkSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        PipeReader? reader = null;
        try
        {
            await socket.ConnectAsync(host, port, cancellation);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (configuration.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = configuration.SslHost ?? host,
                    CertificateRevocationCheckMode = configuration.CheckCertificateRevocation
                        ? X509RevocationMode.Online
                        : X509RevocationMode.NoCheck,
                }, cancellation);
            }

            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            if (configuration.Password is { } password)
            {
                await stream.WriteAsync(configuration.User is { Length: > 0 } user
                    ? Command("AUTH", user, password)
                    : Command("AUTH", password), cancellation);
                if (await ReadReplyAsync(reader, "AUTH", maxReplyBytes, cancellation) is { Kind: RespKind.Error } refused)
                {
                    // The reply never includes the password; Redis answers e.g. "WRONGPASS invalid username-password pair".
                    throw new RedisSubscriberException($"AUTH was refused: {refused.Text}");
                }
            }

            return (stream, reader);
        }
        catch
        {
            if (reader is not null)
            {
                await reader.CompleteAsync();
            }

            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Reads exactly one reply; the connection closing first is an <see cref="IOException"/>.</summary>
    public static async Task<RespValue> ReadReplyAsync(PipeReader reader, string command, long maxReplyBytes,
        CancellationToken cancellation)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellation);
            var buffer = result.Buffer;
            if (RespReader.TryRead(ref buffer, maxReplyBytes, out var reply))
            {
                reader.AdvanceTo(buffer.Start);
                return reply;
            }

            if (result.IsCompleted)
            {
                throw new IOException($"the connection closed before {command} was answered");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Sends one command and reads its reply.</summary>
    public static async Task<RespValue> CallAsync(Stream stream, PipeReader reader, long maxReplyBytes,
        CancellationToken cancellation, params string[] command)
    {
        await stream.WriteAsync(Command(command), cancellation);
        return await ReadReplyAsync(reader, command[0], maxReplyBytes, cancellation);
    }

    public static byte[] Command(params string[] arguments)
    {
        var output = new ArrayBufferWriter<byte>();
        Write(output, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            var bytes = Encoding.UTF8.GetBytes(argument);
            Write(output, $"${bytes.Length}\r\n");
            output.Write(bytes);
            Write(output, "\r\n");
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary>The exceptions that mean "this connection is gone or refused", as opposed to a bug.</summary>
    public static bool IsConnectionFailure(Exception e) =>
        e is SocketException or IOException or AuthenticationException or RedisSubscriberException or RespProtocolException
            or OperationCanceledException or ObjectDisposedException;

    private static void Write(ArrayBufferWriter<byte> output, string ascii) => output.Write(Encoding.ASCII.GetBytes(ascii));
}
