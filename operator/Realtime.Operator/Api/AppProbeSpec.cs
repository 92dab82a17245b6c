using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>A readiness or liveness check of the app container: an HTTP GET of a path, or a TCP connect.</summary>
public sealed class AppProbeSpec
{
    [Description("HTTP: GET path on the app port must answer 2xx or 3xx. TCP: the app port must accept a connection.")]
    public ProbeType Type { get; set; } = ProbeType.HTTP;

    [Description("Path of the HTTP check; required when type is HTTP.")]
    [Length(1, 256)]
    [StringPattern(@"^/[A-Za-z0-9._~/?=&%-]*$", "must be an absolute path, optionally with a query")]
    public string? Path { get; set; }
}

/// <summary>How a probe checks the app.</summary>
public enum ProbeType
{
    HTTP,
    TCP,
}
