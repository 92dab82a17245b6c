using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>The routing cookie that pins a client to one pod.</summary>
public sealed class SessionAffinitySpec
{
    [Description("Whether the routing pins each client to a pod with a cookie. Needed with polling and several pods.")]
    public bool Enabled { get; set; } = true;

    [Description("Name of the affinity cookie.")]
    [Length(1, 64)]
    [StringPattern("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$", "must be a cookie name: letters, digits and !#$%&'*+.^_`|~- only")]
    public string CookieName { get; set; } = "route";

    [Description("Persistent: a client stays on its pod even when pods are added. Balanced (IngressNginx only): some clients move to new pods after a scale-up.")]
    public AffinityMode Mode { get; set; } = AffinityMode.Persistent;

    [Description("Lifetime of the affinity cookie in seconds.")]
    [NumberRange(1, 31_536_000)]
    public int MaxAgeSeconds { get; set; } = 172_800;

    [Description("Whether the cookie is sent over HTTPS only. Unset: the routing's default.")]
    public bool? Secure { get; set; }

    [Description("SameSite attribute of the cookie. None requires secure: true. Unset: the routing's default.")]
    public SameSiteMode? SameSite { get; set; }
}

/// <summary>How firmly clients stick to their pod.</summary>
public enum AffinityMode
{
    Persistent,
    Balanced,
}

/// <summary>The cookie's SameSite attribute.</summary>
public enum SameSiteMode
{
    None,
    Lax,
    Strict,
}
