namespace Realtime.Testing.Tests;

public sealed class RedisServerTests
{
    [Fact]
    public async Task Starts_answers_commands_and_comes_back_after_a_stop()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");

        Assert.Equal("+OK", await redis.CommandAsync("SET", "k", "v"));
        Assert.Equal("$1", await redis.CommandAsync("GET", "k"));

        await redis.StopAsync();
        Assert.False(redis.IsRunning);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => redis.CommandAsync("PING"));

        await redis.StartAgainAsync();
        Assert.Equal("+PONG", await redis.CommandAsync("PING"));
        Assert.Equal("$-1", await redis.CommandAsync("GET", "k"));
    }

    [Fact]
    public async Task Refuses_clients_without_the_password()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret");
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", redis.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("-NOAUTH", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }
}
