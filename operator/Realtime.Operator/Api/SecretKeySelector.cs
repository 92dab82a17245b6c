using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>A key of a Secret in the RealtimeCluster's namespace.</summary>
public sealed class SecretKeySelector
{
    [Description("Name of the Secret.")]
    [RequiredField]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string Name { get; set; } = "";

    [Description("Key within the Secret. Default: token for apiTokenSecretRef, url for urlSecretRef.")]
    [Length(1, 253)]
    [StringPattern(@"^[-._a-zA-Z0-9]+$", "must consist of letters, digits, '-', '_' or '.'")]
    public string? Key { get; set; }
}
