using System.Globalization;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>An implementation of the app contract that the bench can start as a process.</summary>
public abstract class ServerKind
{
    public abstract string Name { get; }

    public abstract ChildProcess Start(int port, string pod, string? redisUrl);

    /// <summary>Whether it serves the app contract (join, publish); the load scenarios need it, idle clients do not.</summary>
    public virtual bool ServesAppContract => true;

    /// <summary>Our server from its Release build output.</summary>
    public sealed class Ours(string name, string serverDll, IReadOnlyDictionary<string, string> extraEnvironment) : ServerKind
    {
        public override string Name => name;

        /// <summary>The same server with one more environment variable, unless the command line set it (<c>--env.NAME=</c>).</summary>
        public Ours WithDefault(string variable, string value) =>
            extraEnvironment.ContainsKey(variable)
                ? this
                : new(name, serverDll, new Dictionary<string, string>(extraEnvironment) { [variable] = value });

        public override ChildProcess Start(int port, string pod, string? redisUrl)
        {
            // A row may ask for a drain window (the rollout does); the others stop at once.
            var environment = new Dictionary<string, string> { ["DRAIN_SECONDS"] = "0", ["Logging__LogLevel__Default"] = "Warning" };
            foreach (var (variable, value) in extraEnvironment)
            {
                environment[variable] = value;
            }

            environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
            environment["POD_NAME"] = pod;
            if (redisUrl is not null)
            {
                environment["REDIS_URL"] = redisUrl;
            }

            return ChildProcess.Start(ExecutableLocator.Require("dotnet"), [serverDll], Path.GetDirectoryName(serverDll), environment);
        }
    }

    /// <summary>Node socket.io 4.8 (with @socket.io/redis-adapter 8.3 when clustered) running the same contract.</summary>
    public sealed class NodeReference : ServerKind
    {
        public override string Name => "node socket.io 4.8";

        public override ChildProcess Start(int port, string pod, string? redisUrl)
        {
            var arguments = new Dictionary<string, string>
            {
                ["port"] = port.ToString(CultureInfo.InvariantCulture),
                ["pod"] = pod,
            };
            if (redisUrl is not null)
            {
                arguments["redis"] = redisUrl;
            }

            return NodeScript.Start("reference-server.js", arguments);
        }
    }

    /// <summary>A bare ASP.NET Core WebSocket endpoint (tests/bench/Realtime.Bench.Floor): the platform's share of an idle connection.</summary>
    public sealed class AspNetCoreFloor(string floorDll) : ServerKind
    {
        public override string Name => "ASP.NET Core WebSocket alone (floor)";

        public override bool ServesAppContract => false;

        public override ChildProcess Start(int port, string pod, string? redisUrl) =>
            ChildProcess.Start(ExecutableLocator.Require("dotnet"), [floorDll], Path.GetDirectoryName(floorDll),
                new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// The same app relaying join and publish with the least work (tests/bench/Realtime.Bench.Floor/RelayRooms.cs): the
    /// latency and CPU a delivery costs the generator, the loopback and ASP.NET Core's WebSocket, before any server;
    /// clustered, between pods over Redis pub/sub with StackExchange.Redis (RedisRelay.cs), before any adapter.
    /// </summary>
    public sealed class RelayFloor(string floorDll) : ServerKind
    {
        public override string Name => "ASP.NET Core WebSocket relay (generator floor)";

        public override ChildProcess Start(int port, string pod, string? redisUrl)
        {
            var environment = new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture), ["FLOOR_RELAY"] = "1" };
            if (redisUrl is not null)
            {
                environment["REDIS_URL"] = redisUrl;
            }

            return ChildProcess.Start(ExecutableLocator.Require("dotnet"), [floorDll], Path.GetDirectoryName(floorDll), environment);
        }
    }
}
