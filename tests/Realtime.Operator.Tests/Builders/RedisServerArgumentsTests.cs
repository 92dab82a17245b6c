using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Builders;

/// <summary>The generated command line, run by a real redis-server: the container gets exactly these arguments.</summary>
public sealed class RedisServerArgumentsTests
{
    [Fact]
    public async Task A_real_redis_server_accepts_the_arguments_requires_the_password_and_refuses_flushall()
    {
        // Quotes, a backslash and a space: the config file must carry any password a user put in the Secret.
        const string password = "s3cret \"for\" test\\";
        var port = FreePort.Next();
        var directory = Directory.CreateTempSubdirectory("redis-args-").FullName;
        var authConfig = Path.Combine(directory, "..", $"{Path.GetFileName(directory)}-{RedisServerArguments.AuthConfigKey}");
        await File.WriteAllTextAsync(authConfig, RedisServerArguments.AuthConfig(password));
        var args = RedisServerArguments.Build(new RedisSpec())
            .Select(arg => arg == RedisServerArguments.AuthConfigPath ? authConfig : arg)
            .Select(arg => arg == "/data" ? directory : arg)
            .ToList();
        Assert.DoesNotContain(args, arg => arg.Contains("pass", StringComparison.OrdinalIgnoreCase));
        args[args.IndexOf("--port") + 1] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        args.AddRange(["--bind", "127.0.0.1"]);

        await using var redis = ChildProcess.Start(ExecutableLocator.Require("redis-server"), args);
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(5), redis);

        Assert.StartsWith("-NOAUTH", await Resp.CommandAsync(port, null, "PING"), StringComparison.Ordinal);
        Assert.Equal("+PONG", await Resp.CommandAsync(port, password, "PING"));
        Assert.Equal(":0", await Resp.CommandAsync(port, password, "PUBLISH", "channel", "message"));
        Assert.StartsWith("-ERR unknown command", await Resp.CommandAsync(port, password, "FLUSHALL"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR unknown command", await Resp.CommandAsync(port, password, "CONFIG", "GET", "dir"), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(directory));
    }
}
