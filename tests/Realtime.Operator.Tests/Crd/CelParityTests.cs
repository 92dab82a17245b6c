using System.Text.Json.Nodes;
using Cel;
using k8s;
using Realtime.FakeKubeApi;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Validation;
using Realtime.Operator.Tests.Api;
using Realtime.Operator.Tests.Golden;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Crd;

/// <summary>
/// Each cross-field rule is written twice, as CEL for the API server and as C# for render and the controller.
/// Both are evaluated here on the same clusters (every violation case, every accepted case, every example),
/// on the JSON the API server would see, and must agree.
/// </summary>
public sealed class CelParityTests
{
    /// <summary>Where the object a rule is attached to sits, in JSON and in C#.</summary>
    private static readonly Dictionary<Type, (string[] JsonPath, Func<RealtimeCluster, object> Value)> Targets = new()
    {
        [typeof(RealtimeClusterSpec)] = (["spec"], c => c.Spec),
        [typeof(SocketIOSpec)] = (["spec", "socketio"], c => c.Spec.Socketio),
        [typeof(RedisSpec)] = (["spec", "redis"], c => c.Spec.Redis),
        [typeof(RedisHighAvailabilitySpec)] = (["spec", "redis", "highAvailability"], c => c.Spec.Redis.HighAvailability),
        [typeof(RoutingSpec)] = (["spec", "routing"], c => c.Spec.Routing),
        [typeof(SessionAffinitySpec)] = (["spec", "routing", "sessionAffinity"], c => c.Spec.Routing.SessionAffinity),
        [typeof(AutoscalingSpec)] = (["spec", "autoscaling"], c => c.Spec.Autoscaling),
        [typeof(DrainSpec)] = (["spec", "drain"], c => c.Spec.Drain),
    };

    public static TheoryData<string> Clusters()
    {
        var data = new TheoryData<string>();
        foreach (var row in CrossFieldRuleTests.Violations)
        {
            data.Add(Manifests.Cluster((string)row[0], (string)row[1]));
        }

        foreach (var file in ExampleFiles.All().Order(StringComparer.Ordinal))
        {
            data.Add(File.ReadAllText(file));
        }

        data.Add(Manifests.Cluster("  replicas: 3\n  socketio:\n    transports: [websocket]\n  routing:\n    sessionAffinity:\n      enabled: false\n"));
        data.Add(Manifests.Cluster("  redis:\n    highAvailability:\n      enabled: true\n      replicas: 4\n      sentinel:\n        quorum: 3\n"));
        data.Add(Manifests.Cluster("  redis:\n    highAvailability:\n      replicas: 4\n      sentinel:\n        quorum: 2\n"));
        data.Add(Manifests.Cluster("  replicas: 1\n  redis:\n    mode: None\n  autoscaling:\n    enabled: true\n    minReplicas: 1\n    maxReplicas: 1\n"));
        return data;
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Cel_and_csharp_agree_on_every_rule(string yaml)
    {
        var cluster = KubernetesYaml.Deserialize<RealtimeCluster>(yaml, strict: true);
        var json = JsonNode.Parse(KubernetesJson.Serialize(cluster))!;
        var environment = new CelEnvironment(null, null);

        foreach (var rule in CrossFieldRules.All)
        {
            var (path, value) = Targets[rule.Target];
            var self = path.Aggregate(json, (node, key) => node[key]!);
            var cel = environment.Program(rule.Cel, new Dictionary<string, object?> { ["self"] = CelValues.Of(self) });

            Assert.True(cel is bool, $"{rule.Cel} did not evaluate to a boolean: {cel}");
            Assert.True((bool)cel! == rule.HoldsFor(value(cluster)), $"CEL says {cel} but C# says {!(bool)cel!} for: {rule.Cel}");
        }
    }
}
