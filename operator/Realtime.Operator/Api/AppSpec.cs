using System.ComponentModel;
using k8s.Models;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>
/// The Socket.IO server the pods run: the bundled realtime-server by default, or the team's own app. Unset fields
/// take the preset's value (see <see cref="AppPreset"/>), so the seed's Flask app needs only its preset and image.
/// </summary>
public sealed class AppSpec
{
    [Description("What the pods run. RealtimeServer: the bundled server, configured from socketio. FlaskSocketIO: a Flask-SocketIO or python-socketio app (port 5000, one redis:// URL in REDIS_URL, TCP probes, / routed too). NodeSocketIO: a Node socket.io app with @socket.io/redis-adapter (port 3000, REDIS_URL, TCP probes). Custom: any other Socket.IO server; set port and backplaneEnv. Every app other than RealtimeServer needs spec.image.")]
    public AppPreset Preset { get; set; } = AppPreset.RealtimeServer;

    [Description("Port the app listens on; the pods get it in PORT. Default: 5000 (RealtimeServer, FlaskSocketIO), 3000 (NodeSocketIO).")]
    [NumberRange(1, 65535)]
    public int? Port { get; set; }

    [Description("Entrypoint of the app container, replacing the image's (e.g. gunicorn with one eventlet worker). Default: the image's.")]
    [ItemCount(1, 64)]
    public IList<string>? Command { get; set; }

    [Description("Arguments of the app container. Default: the image's.")]
    [ItemCount(0, 128)]
    public IList<string>? Args { get; set; }

    [Description("Extra environment variables of the app container, after the operator's (PORT, POD_NAME, the backplane URL), so $(REDIS_URL) may be used in their values. A variable named like one of the operator's replaces it.")]
    [ItemCount(0, 128)]
    public IList<V1EnvVar>? Env { get; set; }

    [Description("ConfigMaps and Secrets whose keys become environment variables of the app container.")]
    [ItemCount(0, 32)]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [Description("Secrets holding registry credentials for spec.image.")]
    [ItemCount(0, 16)]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [Description("ServiceAccount of the app pods; its token is mounted only when this is set. Default: the namespace's default account, without a token.")]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string? ServiceAccountName { get; set; }

    [Description("Readiness probe of the app container. Default: GET /readyz for RealtimeServer, a TCP connect to the port otherwise.")]
    public AppProbeSpec? ReadinessProbe { get; set; }

    [Description("Liveness probe of the app container. Default: GET /healthz for RealtimeServer, a TCP connect to the port otherwise.")]
    public AppProbeSpec? LivenessProbe { get; set; }

    [Description("Environment variable the app reads the Redis backplane from; its value comes from the Secret, never from the spec. Default: REDIS_URLS for RealtimeServer, REDIS_URL otherwise.")]
    [Length(1, 128)]
    [StringPattern(EnvironmentVariableName, "must be an environment variable name: letters, digits and '_', not starting with a digit")]
    public string? BackplaneEnv { get; set; }

    [Description("Form of the backplane variable. URL: one redis://[:password@]host:port URL, as Flask-SocketIO, python-socketio and the Node adapter read it (needs redis.shards 1). URLList: comma-separated URLs, one per shard, as the bundled server reads them. Default: URLList for RealtimeServer, URL otherwise.")]
    public BackplaneFormat? BackplaneFormat { get; set; }

    [Description("Paths routed to the app besides socketio.path, under the same cookie affinity (e.g. / for the pages of a Flask app). Default: / for FlaskSocketIO, none otherwise. Not allowed for RealtimeServer, whose other endpoints stay internal.")]
    [ItemCount(0, 16)]
    [ItemPattern(@"^/[A-Za-z0-9._~/-]*$", "must be an absolute path of letters, digits, '.', '_', '~', '-' and '/'")]
    [SetList]
    public IList<string>? Paths { get; set; }

    public const string EnvironmentVariableName = "^[A-Za-z_][A-Za-z0-9_]*$";
}
