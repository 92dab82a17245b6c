using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The Deployment of one managed Redis master (one per shard).</summary>
internal static class RedisDeploymentBuilder
{
    /// <summary>The redis user of the official image.</summary>
    public const long RedisUserId = 999;

    public static V1Deployment Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var redis = cluster.Spec.Redis;
        var name = ChildNames.RedisShard(cluster, shard);
        var podLabels = ShardLabels(ChildLabels.For(cluster, ChildLabels.RedisComponent), shard);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata.For(cluster, name, ChildLabels.RedisComponent),
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = Selector(cluster, shard) },

                // Never two masters behind one Service: publishers and subscribers could land on different ones.
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = podLabels },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = PodSecurity.ForPod(RedisUserId),
                        Containers = [Container(cluster, redis)],
                        Volumes = redis.AuthEnabled ? [DataVolume(cluster, shard), AuthConfigVolume(cluster)] : [DataVolume(cluster, shard)],
                    },
                },
            },
        };
    }

    /// <summary>The selector of one shard's pods, shared by its Deployment and Service.</summary>
    public static Dictionary<string, string> Selector(RealtimeCluster cluster, int shard) =>
        ShardLabels(ChildLabels.Selector(cluster, ChildLabels.RedisComponent), shard);

    private static Dictionary<string, string> ShardLabels(Dictionary<string, string> labels, int shard)
    {
        labels[ChildLabels.RedisShard] = shard.ToString(CultureInfo.InvariantCulture);
        return labels;
    }

    private static V1Container Container(RealtimeCluster cluster, RedisSpec redis) => new()
    {
        Name = "redis",
        Image = redis.Image,
        Command = ["redis-server"],
        Args = RedisServerArguments.Build(redis),
        Ports = [new V1ContainerPort { Name = "redis", ContainerPort = RedisTopology.Port, Protocol = "TCP" }],
        Resources = redis.Resources ?? new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
        },

        // A TCP check needs no password in the probe.
        ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "redis" }, PeriodSeconds = 5 },
        LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "redis" }, InitialDelaySeconds = 10, PeriodSeconds = 10 },
        SecurityContext = PodSecurity.ForContainer(),
        VolumeMounts = redis.AuthEnabled
            ? [new V1VolumeMount { Name = "data", MountPath = "/data" }, new V1VolumeMount { Name = AuthVolume, MountPath = RedisServerArguments.AuthConfigDirectory, ReadOnlyProperty = true }]
            : [new V1VolumeMount { Name = "data", MountPath = "/data" }],
    };

    private const string AuthVolume = "auth";

    /// <summary>Only the auth config key of the operator's Secret, mode 0440: readable by the Redis user and the pod's fsGroup alone.</summary>
    private static V1Volume AuthConfigVolume(RealtimeCluster cluster) => new()
    {
        Name = AuthVolume,
        Secret = new V1SecretVolumeSource
        {
            SecretName = ChildNames.RedisSecret(cluster),
            Items = [new V1KeyToPath { Key = RedisServerArguments.AuthConfigKey, Path = RedisServerArguments.AuthConfigKey }],
            DefaultMode = 0b100_100_000,
        },
    };

    private static V1Volume DataVolume(RealtimeCluster cluster, int shard) => cluster.Spec.Redis.Persistence
        ? new V1Volume
        {
            Name = "data",
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ChildNames.RedisData(cluster, shard) },
        }
        : new V1Volume { Name = "data", EmptyDir = new V1EmptyDirVolumeSource() };
}
