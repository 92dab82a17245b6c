using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// The pod-template annotation that rolls a Deployment's pods when a Secret they read at start changes: the Redis
/// password (env of the server pods, config file of the Redis pods) and the Secrets the spec references.
/// </summary>
/// <remarks>
/// The value is a digest of each Secret's uid and resourceVersion, not of its content. A hash of the content, even
/// salted with something public, would let anyone who can read Deployments test guesses of a low-entropy secret (a
/// user's API token) offline; uid and resourceVersion are metadata that say nothing about the content and change
/// exactly when the Secret is written or recreated. A write that leaves the content as it was (a label edit) also
/// rolls the pods; that is rare and harmless. The API server does not bump resourceVersion for a no-op apply, so the
/// operator's own apply of an unchanged Secret never rolls anything.
/// </remarks>
internal static class CredentialsVersion
{
    public const string Annotation = "realtime.dev/credentials-version";

    public static string Of(IEnumerable<V1ObjectMeta> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var identity = string.Join(
            ";",
            secrets.OrderBy(secret => secret.Name, StringComparer.Ordinal).Select(secret => $"{secret.Name}:{secret.Uid}:{secret.ResourceVersion}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
    }

    /// <summary>Sets the annotation on a Deployment's or StatefulSet's pod template (a new value rolls its pods).</summary>
    public static void Stamp(V1PodTemplateSpec template, string version)
    {
        ArgumentNullException.ThrowIfNull(template);
        var metadata = template.Metadata ??= new V1ObjectMeta();
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[Annotation] = version;
    }
}
