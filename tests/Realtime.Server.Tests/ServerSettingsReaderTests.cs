using Microsoft.Extensions.Configuration;
using Realtime.Server.Configuration;
using Realtime.SocketIO.Redis;

namespace Realtime.Server.Tests;

public class ServerSettingsReaderTests
{
    private const string GoodToken = "0123456789abcdef-token";

    private static ServerSettings Read(params (string Key, string Value)[] values) =>
        ServerSettingsReader.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Defaults_are_secure_and_match_the_node_server()
    {
        var settings = Read();

        Assert.Equal(5000, settings.Port);
        Assert.Empty(settings.RedisUrls);
        Assert.Equal(SubscriptionMode.PerRoom, settings.RedisSubscriptions);
        Assert.Equal(TimeSpan.FromSeconds(25), settings.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.PingTimeout);
        Assert.Equal(1_000_000, settings.MaxHttpBufferSize);
        Assert.Equal(new Realtime.EngineIO.EngineIOOptions().MaxOutboundQueue, settings.MaxOutboundMessages);
        Assert.Equal(new Realtime.EngineIO.EngineIOOptions().MaxOutboundBytes, settings.MaxOutboundBytes);
        Assert.Equal(new Realtime.EngineIO.EngineIOOptions().MaxBufferedBytes, settings.MaxBufferedBytes);
        Assert.Equal(["polling", "websocket"], settings.Transports);
        Assert.Equal(Realtime.EngineIO.EngineWebSocketPath.Lean, settings.WebSocketPath);
        Assert.Empty(settings.CorsOrigins);
        Assert.Null(settings.ApiToken);
        Assert.False(settings.DemoPage);
        Assert.Equal("/socket.io/", settings.SocketIOPath);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.DrainWindow);
        Assert.False(string.IsNullOrEmpty(settings.PodName));
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var settings = Read(("PORT", "8080"), ("REDIS_URLS", "redis://a:6379, redis://:pw@b:6380/2"),
            ("PING_INTERVAL_MS", "1000"), ("PING_TIMEOUT_MS", "500"), ("MAX_HTTP_BUFFER_SIZE", "2048"),
            ("MAX_OUTBOUND_MESSAGES", "16"), ("MAX_OUTBOUND_BYTES", "65536"), ("MAX_BUFFERED_BYTES", "33554432"),
            ("TRANSPORTS", "websocket"), ("WEBSOCKET_PATH", "AspNetCore"), ("CORS_ORIGINS", "https://app.example.com,http://localhost:3000"),
            ("API_TOKEN", GoodToken), ("POD_NAME", "pod-1"), ("DRAIN_SECONDS", "30"), ("DEMO_PAGE", "true"),
            ("SOCKETIO_PATH", "/realtime"));

        Assert.Equal(8080, settings.Port);
        Assert.Equal(["redis://a:6379", "redis://:pw@b:6380/2"], settings.RedisUrls);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.PingInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.PingTimeout);
        Assert.Equal(2048, settings.MaxHttpBufferSize);
        Assert.Equal(Realtime.EngineIO.EngineWebSocketPath.AspNetCore, settings.WebSocketPath);
        Assert.Equal(16, settings.MaxOutboundMessages);
        Assert.Equal(65536, settings.MaxOutboundBytes);
        Assert.Equal(33554432, settings.MaxBufferedBytes);
        Assert.Equal(["websocket"], settings.Transports);
        Assert.Equal(["https://app.example.com", "http://localhost:3000"], settings.CorsOrigins);
        Assert.Equal(GoodToken, settings.ApiToken);
        Assert.Equal("pod-1", settings.PodName);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.DrainWindow);
        Assert.True(settings.DemoPage);
        Assert.Equal("/realtime/", settings.SocketIOPath);
    }

    [Fact]
    public void Connection_state_recovery_is_off_by_default_and_on_takes_nodes_defaults_and_the_log_cap()
    {
        Assert.Null(Read().ConnectionStateRecovery);

        var defaults = Read(("CONNECTION_STATE_RECOVERY", "true"), ("REDIS_URL", "redis://a")).ConnectionStateRecovery!;
        var custom = Read(("CONNECTION_STATE_RECOVERY", "true"), ("RECOVERY_MAX_DISCONNECTION_MS", "5000"),
            ("RECOVERY_SKIP_MIDDLEWARES", "false"), ("RECOVERY_LOG_MAX_BYTES", "1048576")).ConnectionStateRecovery!;

        Assert.Equal(TimeSpan.FromMinutes(2), defaults.MaxDisconnectionDuration);
        Assert.True(defaults.SkipMiddlewares);
        Assert.Equal(64L * 1024 * 1024, defaults.MaxLogBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), custom.MaxDisconnectionDuration);
        Assert.False(custom.SkipMiddlewares);
        Assert.Equal(1_048_576, custom.MaxLogBytes);
    }

    [Theory]
    [InlineData("RECOVERY_MAX_DISCONNECTION_MS", "0")]
    [InlineData("RECOVERY_LOG_MAX_BYTES", "1000")]
    [InlineData("RECOVERY_SKIP_MIDDLEWARES", "maybe")]
    public void A_bad_recovery_setting_is_named(string variable, string value)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(("CONNECTION_STATE_RECOVERY", "true"), (variable, value)));

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_state_recovery_refuses_several_redis_shards()
    {
        var error = Assert.Throws<InvalidSettingException>(() =>
            Read(("CONNECTION_STATE_RECOVERY", "true"), ("REDIS_URLS", "redis://a,redis://b")));

        Assert.Contains("CONNECTION_STATE_RECOVERY", error.Message, StringComparison.Ordinal);
        Assert.Contains("one Redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pattern_subscriptions_are_for_one_redis_only()
    {
        Assert.Equal(SubscriptionMode.Pattern, Read(("REDIS_URL", "redis://a"), ("REDIS_SUBSCRIPTIONS", "pattern")).RedisSubscriptions);
        var error = Assert.Throws<InvalidSettingException>(() =>
            Read(("REDIS_URLS", "redis://a,redis://b"), ("REDIS_SUBSCRIPTIONS", "pattern")));

        Assert.Contains("one Redis only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_can_come_from_a_file_as_a_mounted_secret_does()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, GoodToken + "\n");
            Assert.Equal(GoodToken, Read(("API_TOKEN_FILE", file)).ApiToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("PORT", "abc", "must be an integer from 1 to 65535")]
    [InlineData("PORT", "70000", "must be an integer from 1 to 65535")]
    [InlineData("PORT", "-1", "must be an integer")]
    [InlineData("REDIS_URL", "http://redis:6379", "must be a URL like redis://")]
    [InlineData("REDIS_URL", "redis://redis:6379/db", "database number")]
    [InlineData("REDIS_URLS", "redis://a:1,redis://a:1", "same Redis server twice")]
    [InlineData("REDIS_URLS", "redis+sentinel://s1:1,s2:2/0/m,redis+sentinel://s2:2,s1:1/0/m", "same Redis server twice")]
    [InlineData("REDIS_URL", "redis+sentinel://s1:26379,/0/m", "sentinel address 2 is empty")]
    [InlineData("REDIS_URL", "redis+sentinel://s1:port/0/m", "port of sentinel address 1")]
    [InlineData("REDIS_URL", "redis+sentinel://s1:26379/zero/m", "database must be a number")]
    [InlineData("REDIS_URL", "redis+sentinel://s1:26379/0/m/extra", "/db or /db/masterName")]
    [InlineData("REDIS_SUBSCRIPTIONS", "psubscribe", "per-room or pattern")]
    [InlineData("PING_INTERVAL_MS", "0", "from 100 to")]
    [InlineData("PING_TIMEOUT_MS", "1.5", "must be an integer")]
    [InlineData("MAX_HTTP_BUFFER_SIZE", "10", "from 1024 to")]
    [InlineData("MAX_OUTBOUND_MESSAGES", "0", "from 1 to")]
    [InlineData("MAX_OUTBOUND_BYTES", "1023", "from 1024 to")]
    [InlineData("MAX_BUFFERED_BYTES", "1048575", "from 1048576 to")]
    [InlineData("TRANSPORTS", "polling,webtransport", "polling and websocket")]
    [InlineData("WEBSOCKET_PATH", "kestrel", "must be lean or aspnetcore")]
    [InlineData("CORS_ORIGINS", "*", "wildcards are not allowed")]
    [InlineData("CORS_ORIGINS", "https://*.example.com", "wildcards are not allowed")]
    [InlineData("CORS_ORIGINS", "https://app.example.com/path", "without a path")]
    [InlineData("CORS_ORIGINS", "app.example.com", "scheme://host")]
    [InlineData("API_TOKEN", "short", "at least 16 characters")]
    [InlineData("API_TOKEN_FILE", "/nonexistent/token", "cannot read")]
    [InlineData("POD_NAME", "pod name", "printable ASCII")]
    [InlineData("DRAIN_SECONDS", "3601", "from 0 to 3600")]
    [InlineData("DEMO_PAGE", "maybe", "must be true or false")]
    [InlineData("SOCKETIO_PATH", "socket.io", "absolute path")]
    [InlineData("SOCKETIO_PATH", "/../x", "absolute path")]
    [InlineData("SOCKETIO_PATH", "/api/v1/socket", "overlaps the host's own endpoints")]
    public void A_bad_value_names_the_variable_and_the_reason_in_one_line(string variable, string value, string reason)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read((variable, value)));

        Assert.Equal(variable, error.Variable);
        Assert.StartsWith($"invalid configuration: {variable}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The operator writes one URL per shard; a sentinel host list is split only at the next URL's scheme.</summary>
    [Fact]
    public void Redis_urls_split_only_where_the_next_url_begins()
    {
        var settings = Read(("REDIS_URLS",
            "redis+sentinel://:pw@s0a:26379,s0b:26379,s0c:26379/0/shard0, rediss+sentinel://s1a:26379,s1b:26379//shard1,redis://plain:6379,"));

        Assert.Equal(["redis+sentinel://:pw@s0a:26379,s0b:26379,s0c:26379/0/shard0",
            "rediss+sentinel://s1a:26379,s1b:26379//shard1", "redis://plain:6379"], settings.RedisUrls);
    }

    [Fact]
    public void A_sentinel_url_with_a_password_missing_its_at_sign_does_not_echo_it()
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read(("REDIS_URL", "redis+sentinel://:hunter2!secret,s1:26379/0/m")));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.Contains("sentinel address 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_are_never_echoed_in_the_error()
    {
        var redis = Assert.Throws<InvalidSettingException>(() => Read(("REDIS_URL", "http://:hunter2-secret@redis:6379")));
        var token = Assert.Throws<InvalidSettingException>(() => Read(("API_TOKEN", "hunter2 secret")));

        Assert.DoesNotContain("hunter2", redis.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", token.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("REDIS_URL", "redis://a:1", "REDIS_URLS", "redis://b:1")]
    [InlineData("API_TOKEN", GoodToken, "API_TOKEN_FILE", "/etc/hostname")]
    public void Two_sources_for_one_setting_are_refused(string first, string firstValue, string second, string secondValue)
    {
        var error = Assert.Throws<InvalidSettingException>(() => Read((first, firstValue), (second, secondValue)));

        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
    }
}
