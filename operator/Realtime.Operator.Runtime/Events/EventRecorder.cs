using System.Net;
using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Events;

/// <summary>
/// Records core/v1 Events about an object. The event's name is a hash of what it says, so a repeat of the same
/// event bumps count and lastTimestamp instead of adding another object. Recording never fails the caller: an
/// event is a courtesy, not part of the reconcile.
/// </summary>
public sealed class EventRecorder(IKubernetes client, string component, string instance, ILogger logger, TimeProvider? time = null)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private readonly TimeProvider _clock = time ?? TimeProvider.System;

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var meta = regarding.Metadata;
        var ns = meta.NamespaceProperty ?? "default";
        var name = EventName(meta, type, reason, message);
        var now = _clock.GetUtcNow().UtcDateTime;
        try
        {
            try
            {
                await client.CoreV1.CreateNamespacedEventAsync(NewEvent(regarding, name, ns, type, reason, message, now), ns, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
            {
                var existing = await client.CoreV1.ReadNamespacedEventAsync(name, ns, cancellationToken: cancellationToken);
                existing.Count = (existing.Count ?? 1) + 1;
                existing.LastTimestamp = now;
                await client.CoreV1.ReplaceNamespacedEventAsync(existing, name, ns, cancellationToken: cancellationToken);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            EventLog.RecordFailed(logger, error, reason, ns, meta.Name);
        }
    }

    private Corev1Event NewEvent(IKubernetesObject<V1ObjectMeta> regarding, string name, string ns, string type, string reason, string message, DateTime now) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = regarding.Metadata.Name,
            NamespaceProperty = ns,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        },
        Type = type,
        Reason = reason,
        Message = message.Length > 1024 ? message[..1024] : message,
        Count = 1,
        FirstTimestamp = now,
        LastTimestamp = now,
        Source = new V1EventSource { Component = component },
        ReportingComponent = component,
        ReportingInstance = instance,
    };

    private static string EventName(V1ObjectMeta meta, string type, string reason, string message)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{meta.Uid}\n{type}\n{reason}\n{message}"));
        var prefix = meta.Name.Length > 200 ? meta.Name[..200] : meta.Name;
        return $"{prefix}.{Convert.ToHexStringLower(digest)[..16]}";
    }
}
