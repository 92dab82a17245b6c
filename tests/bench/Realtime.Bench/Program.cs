using System.Globalization;
using System.Text.Json;
using Realtime.Bench;
using Realtime.Testing;

// realtime-bench suite [--server-dll=PATH] [--base-server-dll=PATH] [--repeats=N] [--floor-dll=PATH] [--out=FILE] [--only=single,idle,cluster,hostile,failover,recovery] [--match=TEXT]
//   [--rollout-clients=N] [--rollout-rate=R]   every scenario, ours and the Node reference, Markdown out
//   --base-server-dll adds another build of our server ("realtime-server, base") to the load rows, right after ours, for
//   A/B runs in one invocation; --repeats runs every load row N times, all kinds in turn each time (interleaved);
//   --rollout-clients and --rollout-rate make the rollout row smaller on a busy machine.
// realtime-bench operator [--operator-dll=PATH] [--clusters=1,50,200] [--out=FILE] [--env.NAME=VALUE...]   operator RSS at each cluster count
// realtime-bench run --url=URL[,URL...] --clients=N --rooms=K --publishers=P --rate=R --payload=S --seconds=D
// A later --name=value overrides an earlier one, so scripts can pass defaults that callers replace.
var options = new Dictionary<string, string>();
foreach (var pair in args.Skip(1).Select(arg => arg.Split('=', 2)).Where(pair => pair.Length == 2 && pair[0].StartsWith("--", StringComparison.Ordinal)))
{
    options[pair[0][2..]] = pair[1];
}

// The whole suite takes about 8 minutes on two cores; the limit only stops a run that hangs.
using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(40));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    switch (args.FirstOrDefault())
    {
        case "suite":
        {
            var serverDll = options.GetValueOrDefault("server-dll")
                ?? RepositoryPaths.Combine("realtime-server", "Realtime.Server", "bin", "Release", "net10.0", "realtime-server.dll");
            if (!File.Exists(serverDll))
            {
                Console.Error.WriteLine($"{serverDll} not found; build it with: dotnet build -c Release realtime-server/Realtime.Server");
                return 2;
            }

            var floorDll = options.GetValueOrDefault("floor-dll")
                ?? RepositoryPaths.Combine("tests", "bench", "Realtime.Bench.Floor", "bin", "Release", "net10.0", "realtime-bench-floor.dll");
            if (!File.Exists(floorDll))
            {
                Console.Error.WriteLine($"{floorDll} not found; build it with: dotnet build -c Release tests/bench/Realtime.Bench.Floor");
                return 2;
            }

            var extraEnvironment = options.Where(pair => pair.Key.StartsWith("env.", StringComparison.Ordinal))
                .ToDictionary(pair => pair.Key[4..], pair => pair.Value);
            var ours = new ServerKind.Ours("realtime-server", serverDll, extraEnvironment);
            var oursWithPattern = new ServerKind.Ours("realtime-server, pattern subscription", serverDll,
                new Dictionary<string, string>(extraEnvironment) { ["REDIS_SUBSCRIPTIONS"] = "pattern" });
            var oursOnAspNetCore = new ServerKind.Ours("realtime-server, ASP.NET Core WebSocket path", serverDll,
                new Dictionary<string, string>(extraEnvironment) { ["WEBSOCKET_PATH"] = "aspnetcore" });
            var node = new ServerKind.NodeReference();
            var baseline = options.TryGetValue("base-server-dll", out var baseDll)
                ? new ServerKind.Ours("realtime-server, base", File.Exists(baseDll) ? baseDll : throw new ArgumentException($"--base-server-dll: {baseDll} not found"), extraEnvironment)
                : null;
            ServerKind[] WithBase(params ServerKind[] kinds) => baseline is null ? kinds : [kinds[0], baseline, .. kinds[1..]];
            var repeats = int.Parse(options.GetValueOrDefault("repeats", "1"), CultureInfo.InvariantCulture);
            if (repeats < 1)
            {
                throw new ArgumentException("--repeats: must be at least 1");
            }
            var sections = options.TryGetValue("only", out var only) ? only.Split(',').ToHashSet() : null;
            if (sections?.Except(BenchSuite.Sections).FirstOrDefault() is { } unknown)
            {
                Console.Error.WriteLine($"--only: unknown section '{unknown}'; choose from {string.Join(", ", BenchSuite.Sections)}");
                return 2;
            }

            var rollout = RolloutScenario.Default;
            if (options.TryGetValue("rollout-clients", out var rolloutClients))
            {
                var clients = int.Parse(rolloutClients, CultureInfo.InvariantCulture);
                rollout = rollout with { Clients = clients, Rooms = Math.Min(rollout.Rooms, clients) };
            }

            if (options.TryGetValue("rollout-rate", out var rolloutRate))
            {
                rollout = rollout with { MessagesPerSecond = int.Parse(rolloutRate, CultureInfo.InvariantCulture) };
            }

            var relayFloor = new ServerKind.RelayFloor(floorDll);
            var suite = new BenchSuite(WithBase(ours, node, relayFloor),
                [ours, oursOnAspNetCore, node, new ServerKind.AspNetCoreFloor(floorDll)],
                WithBase(ours, oursWithPattern, node, relayFloor), Console.Out, sections,
                options.GetValueOrDefault("match"), repeats, rollout);
            var markdown = await suite.RunAsync(cancellation.Token);
            Console.WriteLine(markdown);
            if (options.TryGetValue("out", out var outFile))
            {
                await File.WriteAllTextAsync(outFile, markdown);
            }

            return 0;
        }

        case "operator":
        {
            var operatorDll = options.GetValueOrDefault("operator-dll")
                ?? RepositoryPaths.Combine("operator", "Realtime.Operator", "bin", "Release", "net10.0", "realtime-operator.dll");
            if (!File.Exists(operatorDll))
            {
                Console.Error.WriteLine($"{operatorDll} not found; build it with: dotnet build -c Release operator/Realtime.Operator");
                return 2;
            }

            var counts = options.GetValueOrDefault("clusters", "1,50,200").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            var environment = options.Where(pair => pair.Key.StartsWith("env.", StringComparison.Ordinal)).ToDictionary(pair => pair.Key[4..], pair => pair.Value);
            var markdown = await OperatorScaleRun.RunAsync(operatorDll, counts, environment, Console.Out, cancellation.Token);
            Console.WriteLine(markdown);
            if (options.TryGetValue("out", out var outFile))
            {
                await File.WriteAllTextAsync(outFile, markdown);
            }

            return 0;
        }

        case "run":
        {
            int Number(string key, int fallback) =>
                options.TryGetValue(key, out var raw) ? int.Parse(raw, CultureInfo.InvariantCulture) : fallback;
            var servers = options.GetValueOrDefault("url", "http://127.0.0.1:5000").Split(',').Select(url => new Uri(url)).ToList();
            var scenario = new LoadScenario
            {
                Name = "run",
                Clients = Number("clients", 100),
                Rooms = Number("rooms", 1),
                Publishers = Number("publishers", 1),
                RatePerPublisher = Number("rate", 10),
                PayloadBytes = Number("payload", 100),
                Duration = TimeSpan.FromSeconds(Number("seconds", 10)),
            };
            var result = await LoadRunner.RunAsync(scenario, servers, cancellation.Token);
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }

        default:
            Console.Error.WriteLine("usage: realtime-bench suite [--server-dll=PATH] [--base-server-dll=PATH] [--repeats=N] [--floor-dll=PATH] [--out=FILE] [--only=single,idle,cluster,hostile,failover,recovery] [--match=TEXT] [--rollout-clients=N] [--rollout-rate=R] [--env.NAME=VALUE...] | operator [--operator-dll=PATH] [--clusters=1,50,200] [--out=FILE] [--env.NAME=VALUE...] | run --url=URL[,URL] --clients=N --rooms=K --publishers=P --rate=R --payload=S --seconds=D");
            return 2;
    }
}
catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OperationCanceledException
    or System.Net.WebSockets.WebSocketException or HttpRequestException or TimeoutException)
{
    Console.Error.WriteLine($"realtime-bench: {e.Message}");
    return 1;
}
