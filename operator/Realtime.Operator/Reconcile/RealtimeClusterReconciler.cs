using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Validation;
using Realtime.Operator.Builders;
using Realtime.Operator.Builders.Routing;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Events;
using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Brings one RealtimeCluster's children in line with its spec and reports what the cluster shows: read →
/// validate → check references → build the desired children → apply each (server-side apply, our field manager,
/// forced) → prune children no longer desired → compute status from the answers → write status if it changed.
/// </summary>
internal sealed class RealtimeClusterReconciler(
    IKubernetes client,
    ControllerContext controller,
    EventRecorder events,
    OperatorDefaults defaults,
    ILogger logger,
    TimeProvider? time = null,
    TimeSpan? redisUnavailableGrace = null,
    Action<ObjectKey, IReadOnlyList<string>>? referencesSeen = null) : IReconciler
{
    private readonly TimeProvider _clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<ObjectKey, string> _redisWarnedSpell = new();
    private readonly TimeSpan _redisGrace = redisUnavailableGrace ?? RedisUnavailableWarning.Grace;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var cluster = await ReadAsync(key, cancellationToken);
        referencesSeen?.Invoke(key, cluster is null || cluster.Metadata.DeletionTimestamp is not null ? [] : ReferencedSecrets.Names(cluster));
        if (cluster is null || cluster.Metadata.DeletionTimestamp is not null)
        {
            // Gone or going: the garbage collector removes the children through their owner references.
            _redisWarnedSpell.TryRemove(key, out _);
            return ReconcileResult.Done;
        }

        var specErrors = RealtimeClusterValidator.Validate(cluster).Select(error => error.ToString()).ToList();
        if (specErrors.Count > 0)
        {
            await events.RecordAsync(cluster, EventRecorder.Warning, EventReasons.InvalidSpec, string.Join("; ", specErrors), cancellationToken);
            await WriteStatusAsync(cluster, new Observation
            {
                Cluster = cluster,
                SpecErrors = specErrors,
                Routing = new RoutingObservation(null, "InvalidSpec", "Not reconciled while the spec is invalid."),
            }, cancellationToken);

            // Nothing to retry: the next spec edit brings the cluster back.
            return ReconcileResult.Done;
        }

        var references = await ReferencedSecrets.CheckAsync(client, cluster, cancellationToken);
        var referenceProblems = references.Problems;
        foreach (var (reason, message) in referenceProblems)
        {
            await events.RecordAsync(cluster, EventRecorder.Warning, reason, message, cancellationToken);
        }

        var password = DesiredState.NeedsRedisPassword(cluster) ? await RedisPasswordAsync(cluster, cancellationToken) : null;
        var desired = DesiredState.Build(cluster, defaults, password?.Password);
        var applied = new List<IKubernetesObject<V1ObjectMeta>>();
        var applyErrors = new List<ApplyFailure>();
        RoutingObservation? routingFailure = null;
        V1ObjectMeta? redisSecret = null;
        foreach (var child in desired)
        {
            var kind = controller.Kinds.For(child);
            if (PodTemplateOf(child) is { } template && !StampCredentials(cluster, child.Metadata.Name, template, redisSecret, references))
            {
                // Applied without the Secret's version, its pods would roll now and again once the Secret is there.
                applyErrors.Add(new ApplyFailure("", $"{kind.Kind}/{child.Metadata.Name}", null, "WaitingForSecret", $"waits for Secret {ChildNames.RedisSecret(cluster)}"));
                continue;
            }

            try
            {
                var serverDeployment = child is V1Deployment deployment && deployment.Metadata.Name == ChildNames.Server(cluster) ? deployment : null;
                if (serverDeployment is not null)
                {
                    await ReplicasHandover.BeforeApplyAsync(client, cluster, serverDeployment, cancellationToken);
                }

                var result = await ApplyChildAsync(cluster, kind, child, cancellationToken);
                if (result is V1Secret recreated && password?.SecretUid is { } readFrom && recreated.Metadata.Name == ChildNames.RedisSecret(cluster) && recreated.Metadata.Uid != readFrom)
                {
                    // The Secret the password was read from was deleted (a rotation) before this apply created it
                    // again with the old password: the new Secret gets a new password, as deleting it asks.
                    result = await ApplyChildAsync(cluster, kind, RedisSecretBuilder.Build(cluster, RedisPassword.Generate()), cancellationToken);
                }

                if (serverDeployment is not null)
                {
                    await ReplicasHandover.AfterApplyAsync(client, cluster, (V1Deployment)result, cancellationToken);
                }

                applied.Add(result);
                if (result is V1Secret secret && secret.Metadata.Name == ChildNames.RedisSecret(cluster))
                {
                    redisSecret = secret.Metadata;
                }
            }
            catch (HttpOperationException error) when (kind.Optional && error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                routingFailure = new RoutingObservation(
                    false,
                    "GatewayAPINotInstalled",
                    $"The cluster does not serve {kind.ApiVersion} {kind.Kind}: install the Gateway API CRDs (the experimental channel, for sessionPersistence) or choose another routing.provider.");
                await events.RecordAsync(cluster, EventRecorder.Warning, EventReasons.RoutingUnavailable, routingFailure.Message, cancellationToken);
            }
            catch (HttpOperationException error)
            {
                var failure = ApplyFailure.From("", $"{kind.Kind}/{child.Metadata.Name}", error);
                applyErrors.Add(failure);
                ReconcileLog.ApplyFailed(logger, child.Metadata.Name, key, failure.ToString());
            }
        }

        await PruneAsync(cluster, desired, applyErrors, cancellationToken);

        var server = applied.OfType<V1Deployment>().FirstOrDefault(d => d.Metadata.Name == ChildNames.Server(cluster));
        var observation = new Observation
        {
            Cluster = cluster,
            ReferenceProblems = referenceProblems,
            Server = server,
            RedisShards = [.. applied.OfType<V1Deployment>().Where(d => d != server)],
            RedisStatefulSets = [.. applied.OfType<V1StatefulSet>()],
            Routing = routingFailure ?? await RoutingObserver.ObserveAsync(client, cluster, applied, cancellationToken),
            ApplyErrors = [.. applyErrors.Select(failure => failure.ToString())],
        };
        await ReportScaleAsync(cluster, server, cancellationToken);
        var recheck = await WriteStatusAsync(cluster, observation, cancellationToken);

        if (applyErrors.Count > 0)
        {
            await events.RecordAsync(cluster, EventRecorder.Warning, EventReasons.ReconcileError, string.Join("; ", applyErrors), cancellationToken);
            throw new ReconcileIncompleteException(key.ToString(), applyErrors);
        }

        if (referenceProblems.Count > 0 || routingFailure is not null)
        {
            return ReconcileResult.Backoff;
        }

        return recheck is { } delay ? ReconcileResult.After(delay) : ReconcileResult.Done;
    }

    /// <summary>
    /// Puts the version of the Secrets a workload's pods read at start on its pod template: the Redis password
    /// for every Deployment and StatefulSet, the referenced Secrets for the server's. False while a Secret it needs was not applied.
    /// </summary>
    private static V1PodTemplateSpec? PodTemplateOf(IKubernetesObject<V1ObjectMeta> child) => child switch
    {
        V1Deployment deployment => deployment.Spec.Template,
        V1StatefulSet statefulSet => statefulSet.Spec.Template,
        _ => null,
    };

    private static bool StampCredentials(RealtimeCluster cluster, string workload, V1PodTemplateSpec template, V1ObjectMeta? redisSecret, ReferenceCheck references)
    {
        var secrets = new List<V1ObjectMeta>();
        if (DesiredState.NeedsRedisPassword(cluster))
        {
            if (redisSecret is null)
            {
                return false;
            }

            secrets.Add(redisSecret);
        }

        if (workload == ChildNames.Server(cluster))
        {
            secrets.AddRange(references.Secrets);
        }

        if (secrets.Count > 0)
        {
            CredentialsVersion.Stamp(template, CredentialsVersion.Of(secrets));
        }

        return true;
    }

    private async Task<RealtimeCluster?> ReadAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<RealtimeCluster>(
                RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, key.Namespace, RealtimeCluster.Plural, key.Name, cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The password in the existing Secret, so a restart never rotates it under running pods; a new one only for a new Secret.</summary>
    private async Task<RedisPasswordSource> RedisPasswordAsync(RealtimeCluster cluster, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(ChildNames.RedisSecret(cluster), cluster.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            if (secret.Data?.TryGetValue(RedisSecretBuilder.PasswordKey, out var bytes) == true && bytes.Length > 0)
            {
                return new RedisPasswordSource(Encoding.UTF8.GetString(bytes), secret.Metadata.Uid);
            }

            if (secret.StringData?.TryGetValue(RedisSecretBuilder.PasswordKey, out var text) == true && text.Length > 0)
            {
                return new RedisPasswordSource(text, secret.Metadata.Uid);
            }
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // First reconcile: generate below.
        }

        return new RedisPasswordSource(RedisPassword.Generate(), SecretUid: null);
    }

    /// <summary>The password, and the uid of the Secret it was read from (null for a new one).</summary>
    private sealed record RedisPasswordSource(string Password, string? SecretUid);

    private async Task<IKubernetesObject<V1ObjectMeta>> ApplyChildAsync(RealtimeCluster cluster, ResourceKind kind, IKubernetesObject<V1ObjectMeta> child, CancellationToken cancellationToken)
    {
        var before = controller.Children.TryGet(kind, child.Metadata.NamespaceProperty, child.Metadata.Name);
        var result = await kind.ApplyAsync(client, child, RealtimeClusterController.FieldManager, cancellationToken);
        if (before is null)
        {
            await events.RecordAsync(cluster, EventRecorder.Normal, EventReasons.Created, $"Created {kind.Kind} {child.Metadata.Name}", cancellationToken);
        }
        else if ((before.Metadata.Generation ?? 0) != (result.Metadata.Generation ?? 0) && result.Metadata.Generation is not null)
        {
            await events.RecordAsync(cluster, EventRecorder.Normal, EventReasons.Updated, $"Updated {kind.Kind} {child.Metadata.Name}", cancellationToken);
        }

        return result;
    }

    /// <summary>Deletes the children the index knows of that the spec no longer asks for (routing switched, autoscaling off, Redis mode changed).</summary>
    private async Task PruneAsync(RealtimeCluster cluster, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> desired, List<ApplyFailure> errors, CancellationToken cancellationToken)
    {
        var wanted = desired.Select(child => new ChildRef(controller.Kinds.For(child).Resource, child.Metadata.NamespaceProperty, child.Metadata.Name)).ToHashSet();
        foreach (var existing in controller.Owners.ChildrenOf(cluster.Metadata.Uid).Where(child => !wanted.Contains(child)))
        {
            var kind = controller.Kinds.ForResource(existing.Resource);
            try
            {
                await kind.DeleteAsync(client, existing.Namespace, existing.Name, cancellationToken);
                await events.RecordAsync(cluster, EventRecorder.Normal, EventReasons.Deleted, $"Deleted {kind.Kind} {existing.Name}: no longer part of the spec", cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
            catch (HttpOperationException error)
            {
                errors.Add(ApplyFailure.From("delete ", $"{kind.Kind}/{existing.Name}", error));
            }
        }
    }

    private async Task ReportScaleAsync(RealtimeCluster cluster, V1Deployment? server, CancellationToken cancellationToken)
    {
        if (server?.Spec?.Replicas is not { } replicas || cluster.Spec.Autoscaling.Enabled)
        {
            return;
        }

        // The replicas the last status write reported, not a memory of this process: a new leader, or this one
        // after a restart, reports a scale made meanwhile the same way.
        if (cluster.Status?.DesiredReplicas is { } previous && previous != replicas)
        {
            await events.RecordAsync(cluster, EventRecorder.Normal, EventReasons.Scaled, $"Scaled server Deployment {server.Metadata.Name} from {previous} to {replicas} pods", cancellationToken);
        }
    }

    /// <returns>When to look again for the Redis warning's grace period, if it runs.</returns>
    private async Task<TimeSpan?> WriteStatusAsync(RealtimeCluster cluster, Observation observation, CancellationToken cancellationToken)
    {
        var previous = cluster.Status;
        var now = _clock.GetUtcNow().UtcDateTime;
        var next = StatusCalculator.Calculate(observation, previous, now);
        var recheck = await WarnOfRedisAsync(cluster, previous, next, now, cancellationToken);
        if (previous is not null && KubernetesJson.Serialize(previous) == KubernetesJson.Serialize(next))
        {
            return recheck;
        }

        if (Conditions.Became(previous?.Conditions, next.Conditions, ConditionTypes.RoutingReady, "True") && next.Routing is { } routing)
        {
            var address = routing.Address is null ? "" : $" ({routing.Address})";
            await events.RecordAsync(cluster, EventRecorder.Normal, EventReasons.RoutingReady, $"Routing ready at {routing.Url ?? routing.Host}{address}", cancellationToken);
        }

        var body = new RealtimeCluster
        {
            Metadata = new V1ObjectMeta { Name = cluster.Metadata.Name, NamespaceProperty = cluster.Metadata.NamespaceProperty },
            Spec = null!,
            Status = next,
        };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(StatusPatch(body), V1Patch.PatchType.ApplyPatch),
            RealtimeCluster.ApiGroup,
            RealtimeCluster.ApiVersionName,
            cluster.Metadata.NamespaceProperty,
            RealtimeCluster.Plural,
            cluster.Metadata.Name,
            fieldManager: RealtimeClusterController.FieldManager,
            force: true,
            cancellationToken: cancellationToken);
        return recheck;
    }

    private async Task<TimeSpan?> WarnOfRedisAsync(RealtimeCluster cluster, RealtimeClusterStatus? previous, RealtimeClusterStatus next, DateTime now, CancellationToken cancellationToken)
    {
        // One unready spell is known by the time RedisReady turned False; it is reported once.
        var spell = $"{ConditionOf(next, ConditionTypes.RedisReady)?.LastTransitionTime:O}";
        var key = new ObjectKey(cluster.Metadata.NamespaceProperty, cluster.Metadata.Name);
        var warned = _redisWarnedSpell.TryGetValue(key, out var reported) && reported == spell;
        var decision = RedisUnavailableWarning.Decide(previous, next, now, warned, _redisGrace);
        if (decision.Warn)
        {
            _redisWarnedSpell[key] = spell;
            await events.RecordAsync(cluster, EventRecorder.Warning, EventReasons.RedisUnavailable, $"Redis backplane not ready: {ConditionOf(next, ConditionTypes.RedisReady)?.Message}", cancellationToken);
        }

        return decision.RecheckAfter;
    }

    private static V1Condition? ConditionOf(RealtimeClusterStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The status apply body: identity and status only, so the status manager owns nothing of the spec.</summary>
    private static string StatusPatch(RealtimeCluster body)
    {
        var full = JsonNode.Parse(KubernetesJson.Serialize(body))!.AsObject();
        var patch = new JsonObject();
        foreach (var field in (string[])["apiVersion", "kind", "metadata", "status"])
        {
            patch[field] = full[field]?.DeepClone();
        }

        return patch.ToJsonString();
    }
}
