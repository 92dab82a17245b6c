using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Hands the server Deployment's <c>spec.replicas</c> between the operator and the HorizontalPodAutoscaler without
/// the pod count dipping. When the operator, the field's only server-side-apply manager, stops sending it, the API
/// server removes it and the Deployment default (1) applies. So, as Kubernetes documents it (Server-Side Apply,
/// "Transferring ownership"), the current value is first applied once by a second field manager; the field then has
/// another owner and survives the operator's apply without it, and the HPA's scale writes take it over from there.
/// </summary>
internal static class ReplicasHandover
{
    /// <summary>Holds <c>spec.replicas</c> between the operator letting go and the HPA's first change.</summary>
    public const string FieldManager = "realtime-operator-replicas-handover";

    /// <summary>
    /// Before the server Deployment is applied without replicas (autoscaling on): makes sure another manager holds
    /// them, creating a new Deployment at <c>minReplicas</c> rather than the default 1.
    /// </summary>
    public static async Task BeforeApplyAsync(IKubernetes client, RealtimeCluster cluster, V1Deployment desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(desired);
        var autoscaling = cluster.Spec.Autoscaling;
        if (!autoscaling.Enabled)
        {
            return;
        }

        var live = await ReadAsync(client, desired, cancellationToken);
        if (live is null)
        {
            var first = KubernetesJson.Deserialize<V1Deployment>(KubernetesJson.Serialize(desired));
            first.Spec.Replicas = autoscaling.MinReplicas;
            await ApplyAsync(client, first, RealtimeClusterController.FieldManager, cancellationToken);
            await ApplyReplicasAsync(client, desired, autoscaling.MinReplicas, cancellationToken);
            return;
        }

        if (HeldByAnotherManager(live))
        {
            return;
        }

        // What the HPA would set at once anyway; within its range the running count stays as it is.
        var replicas = Math.Clamp(live.Spec?.Replicas ?? autoscaling.MinReplicas, autoscaling.MinReplicas, autoscaling.MaxReplicas);
        await ApplyReplicasAsync(client, desired, replicas, cancellationToken);
    }

    /// <summary>
    /// After the server Deployment was applied with replicas (autoscaling off), which took the field back at the
    /// spec's value: the handover manager lets go of it. In this order the field always has an owner, so it never
    /// falls back to the default.
    /// </summary>
    public static async Task AfterApplyAsync(IKubernetes client, RealtimeCluster cluster, V1Deployment applied, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(applied);
        if (cluster.Spec.Autoscaling.Enabled || applied.Metadata.ManagedFields?.Any(entry => entry.Manager == FieldManager) != true)
        {
            return;
        }

        await ApplyAsync(client, Identity(applied), FieldManager, cancellationToken);
    }

    /// <summary>Whether a manager other than the operator's own apply owns spec.replicas (the handover manager, the HPA's scale writes, kubectl scale).</summary>
    public static bool HeldByAnotherManager(V1Deployment live)
    {
        ArgumentNullException.ThrowIfNull(live);
        return live.Metadata.ManagedFields?.Any(entry =>
            !(entry.Manager == RealtimeClusterController.FieldManager && entry.Operation == "Apply") && OwnsReplicas(entry)) == true;
    }

    private static bool OwnsReplicas(V1ManagedFieldsEntry entry)
    {
        if (entry.FieldsV1 is null)
        {
            return false;
        }

        using var fields = JsonDocument.Parse(KubernetesJson.Serialize(entry.FieldsV1));
        return fields.RootElement.ValueKind == JsonValueKind.Object
            && fields.RootElement.TryGetProperty("f:spec", out var spec)
            && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("f:replicas", out _);
    }

    private static async Task ApplyReplicasAsync(IKubernetes client, V1Deployment desired, int replicas, CancellationToken cancellationToken)
    {
        var handover = Identity(desired);
        handover.Spec = new V1DeploymentSpec { Replicas = replicas };

        // Forced: the operator's own apply is the only owner it can conflict with, and that one is letting go.
        await ApplyAsync(client, handover, FieldManager, cancellationToken);
    }

    private static V1Deployment Identity(V1Deployment deployment) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = deployment.Metadata.Name, NamespaceProperty = deployment.Metadata.NamespaceProperty },
    };

    private static async Task ApplyAsync(IKubernetes client, V1Deployment body, string fieldManager, CancellationToken cancellationToken) =>
        await client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(KubernetesJson.Serialize(body), V1Patch.PatchType.ApplyPatch),
            body.Metadata.Name,
            body.Metadata.NamespaceProperty,
            fieldManager: fieldManager,
            force: true,
            cancellationToken: cancellationToken);

    private static async Task<V1Deployment?> ReadAsync(IKubernetes client, V1Deployment desired, CancellationToken cancellationToken)
    {
        try
        {
            return await client.AppsV1.ReadNamespacedDeploymentAsync(desired.Metadata.Name, desired.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
