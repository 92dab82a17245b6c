using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>
/// The StatefulSet of one high-availability shard: every pod runs redis-server (the master or a replica) and a
/// Sentinel beside it, spread over nodes and zones, with stable names from the headless Service.
/// </summary>
internal static class RedisStatefulSetBuilder
{
    public const string ScriptsDigestAnnotation = "realtime.dev/redis-scripts-digest";

    private const string AuthVolume = "auth";
    private const string ScriptsVolume = "scripts";
    private const string SentinelVolume = "sentinel";
    private const string DataVolume = "data";
    private const string AuthDirectory = RedisServerArguments.AuthConfigDirectory;
    private const string SentinelDirectory = "/sentinel";

    public static V1StatefulSet Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var redis = cluster.Spec.Redis;
        var ha = redis.HighAvailability;
        var selector = RedisDeploymentBuilder.Selector(cluster, shard);
        var podLabels = ChildLabels.For(cluster, ChildLabels.RedisComponent);
        podLabels[ChildLabels.RedisShard] = shard.ToString(CultureInfo.InvariantCulture);
        var environment = Environment(cluster, shard);
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisShard(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1StatefulSetSpec
            {
                Replicas = ha.Replicas,
                ServiceName = ChildNames.RedisMembers(cluster, shard),
                Selector = new V1LabelSelector { MatchLabels = selector },

                // All members start together: each finds the master on its own (start-redis.sh), so ordered start
                // would only slow a shard's recovery after every pod was lost.
                PodManagementPolicy = "Parallel",
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "RollingUpdate" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = podLabels,
                        Annotations = new Dictionary<string, string> { [ScriptsDigestAnnotation] = RedisScripts.Digest },
                    },
                    Spec = new V1PodSpec
                    {
                        AutomountServiceAccountToken = false,
                        EnableServiceLinks = false,
                        SecurityContext = PodSecurity.ForPod(RedisDeploymentBuilder.RedisUserId),
                        TopologySpreadConstraints = Spread(selector),
                        Affinity = ApartFromEachOther(selector),
                        Containers = [RedisContainer(redis, environment), SentinelContainer(redis, environment)],
                        Volumes = Volumes(cluster),
                    },
                },
                VolumeClaimTemplates = redis.Persistence ? [DataClaim()] : null,
            },
        };
    }

    /// <summary>
    /// At most one more member in any node than in another (a node's loss then costs one member), kept strictly;
    /// over zones as far as the nodes allow, since a cluster without zone labels must still schedule.
    /// </summary>
    private static List<V1TopologySpreadConstraint> Spread(Dictionary<string, string> selector) =>
    [
        new()
        {
            MaxSkew = 1,
            TopologyKey = "kubernetes.io/hostname",
            WhenUnsatisfiable = "DoNotSchedule",
            LabelSelector = new V1LabelSelector { MatchLabels = selector },
        },
        new()
        {
            MaxSkew = 1,
            TopologyKey = "topology.kubernetes.io/zone",
            WhenUnsatisfiable = "ScheduleAnyway",
            LabelSelector = new V1LabelSelector { MatchLabels = selector },
        },
    ];

    private static V1Affinity ApartFromEachOther(Dictionary<string, string> selector) => new()
    {
        PodAntiAffinity = new V1PodAntiAffinity
        {
            PreferredDuringSchedulingIgnoredDuringExecution =
            [
                new V1WeightedPodAffinityTerm
                {
                    Weight = 100,
                    PodAffinityTerm = new V1PodAffinityTerm
                    {
                        TopologyKey = "kubernetes.io/hostname",
                        LabelSelector = new V1LabelSelector { MatchLabels = selector },
                    },
                },
            ],
        },
    };

    /// <summary>What the scripts read; none of it is secret (the password comes from the mounted Secret).</summary>
    private static List<V1EnvVar> Environment(RealtimeCluster cluster, int shard)
    {
        var ha = cluster.Spec.Redis.HighAvailability;
        return
        [
            FieldRef("POD_NAME", "metadata.name"),
            FieldRef("POD_NAMESPACE", "metadata.namespace"),
            Plain("SHARD_NAME", ChildNames.RedisShard(cluster, shard)),
            Plain("MEMBERS", Text(ha.Replicas)),

            // Resolves in every namespace without assuming the cluster domain; $(POD_NAMESPACE) is expanded by the kubelet.
            Plain("MEMBER_DOMAIN", $"{ChildNames.RedisMembers(cluster, shard)}.$(POD_NAMESPACE).svc"),
            Plain("MASTER_NAME", RedisTopology.MasterName(cluster, shard)),
            Plain("REDIS_PORT", Text(RedisTopology.Port)),
            Plain("SENTINEL_PORT", Text(RedisTopology.SentinelPort)),
            Plain("SENTINEL_QUORUM", Text(ha.Sentinel.Quorum)),
            Plain("SENTINEL_DOWN_AFTER_MILLISECONDS", Text(ha.Sentinel.DownAfterMilliseconds)),
            Plain("SENTINEL_FAILOVER_TIMEOUT_MILLISECONDS", Text(ha.Sentinel.FailoverTimeoutMilliseconds)),
            Plain("REDIS_AUTH_DIR", AuthDirectory),
            Plain("REDIS_SCRIPTS_DIR", RedisScripts.Directory),
            Plain("SENTINEL_DIR", SentinelDirectory),
        ];
    }

    private static V1Container RedisContainer(RedisSpec redis, List<V1EnvVar> environment) => new()
    {
        Name = "redis",
        Image = redis.Image,
        Command = ["sh", RedisScripts.PathOf(RedisScripts.StartRedis)],
        Args = RedisServerArguments.Build(redis),
        Env = environment,
        Ports = [new V1ContainerPort { Name = "redis", ContainerPort = RedisTopology.Port, Protocol = "TCP" }],
        Resources = redis.Resources ?? new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("64Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
        },
        ReadinessProbe = ScriptProbe(RedisScripts.RedisReady),
        LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "redis" }, InitialDelaySeconds = 10, PeriodSeconds = 10 },
        SecurityContext = PodSecurity.ForContainer(),
        VolumeMounts =
        [
            new V1VolumeMount { Name = DataVolume, MountPath = "/data" },
            new V1VolumeMount { Name = AuthVolume, MountPath = AuthDirectory, ReadOnlyProperty = true },
            new V1VolumeMount { Name = ScriptsVolume, MountPath = RedisScripts.Directory, ReadOnlyProperty = true },
        ],
    };

    private static V1Container SentinelContainer(RedisSpec redis, List<V1EnvVar> environment) => new()
    {
        Name = "sentinel",
        Image = redis.Image,
        Command = ["sh", RedisScripts.PathOf(RedisScripts.StartSentinel)],
        Env = environment,
        Ports = [new V1ContainerPort { Name = "sentinel", ContainerPort = RedisTopology.SentinelPort, Protocol = "TCP" }],
        Resources = redis.HighAvailability.Sentinel.Resources ?? new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") },
        },
        ReadinessProbe = ScriptProbe(RedisScripts.SentinelReady),
        LivenessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = "sentinel" }, InitialDelaySeconds = 10, PeriodSeconds = 10 },
        SecurityContext = PodSecurity.ForContainer(),
        VolumeMounts =
        [
            new V1VolumeMount { Name = SentinelVolume, MountPath = SentinelDirectory },
            new V1VolumeMount { Name = AuthVolume, MountPath = AuthDirectory, ReadOnlyProperty = true },
            new V1VolumeMount { Name = ScriptsVolume, MountPath = RedisScripts.Directory, ReadOnlyProperty = true },
        ],
    };

    private static V1Probe ScriptProbe(string script) => new()
    {
        Exec = new V1ExecAction { Command = ["sh", RedisScripts.PathOf(script)] },
        PeriodSeconds = 5,
        TimeoutSeconds = 5,
    };

    private static List<V1Volume> Volumes(RealtimeCluster cluster)
    {
        var volumes = new List<V1Volume>
        {
            // Only the keys the pods read, mode 0440: readable by the Redis user and the pod's fsGroup alone.
            new()
            {
                Name = AuthVolume,
                Secret = new V1SecretVolumeSource
                {
                    SecretName = ChildNames.RedisSecret(cluster),
                    Items =
                    [
                        new V1KeyToPath { Key = RedisServerArguments.AuthConfigKey, Path = RedisServerArguments.AuthConfigKey },
                        new V1KeyToPath { Key = RedisSecretBuilder.PasswordKey, Path = RedisSecretBuilder.PasswordKey },
                        new V1KeyToPath { Key = RedisSecretBuilder.QuotedPasswordKey, Path = RedisSecretBuilder.QuotedPasswordKey },
                    ],
                    DefaultMode = 0b100_100_000,
                },
            },
            new()
            {
                Name = ScriptsVolume,
                ConfigMap = new V1ConfigMapVolumeSource { Name = ChildNames.RedisScripts(cluster), DefaultMode = 0b100_100_100 },
            },
            new() { Name = SentinelVolume, EmptyDir = new V1EmptyDirVolumeSource() },
        };
        if (!cluster.Spec.Redis.Persistence)
        {
            volumes.Add(new V1Volume { Name = DataVolume, EmptyDir = new V1EmptyDirVolumeSource() });
        }

        return volumes;
    }

    private static V1PersistentVolumeClaim DataClaim() => new()
    {
        Metadata = new V1ObjectMeta { Name = DataVolume },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = ["ReadWriteOnce"],
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(RedisDataClaimBuilder.Size) },
            },
        },
    };

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FieldRef(string name, string path) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = path } },
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
