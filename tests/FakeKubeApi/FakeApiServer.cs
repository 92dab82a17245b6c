using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.FakeKubeApi;

/// <summary>
/// A Kubernetes API server in the test process, on real HTTP over 127.0.0.1, so that the operator's real
/// KubernetesClient code runs against it. See <see cref="ObjectStore"/> for the semantics it keeps.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private readonly ApiForwarder? _forwarder;

    private FakeApiServer(WebApplication app, ObjectStore store, ForwardingTarget? forwardTo)
    {
        _app = app;
        Store = store;
        if (forwardTo is not null)
        {
            _forwarder = new ApiForwarder(forwardTo);
            store.RemoteOwners = new RemoteOwners(forwardTo, store);
        }
    }

    public ObjectStore Store { get; }

    public FaultInjector Faults { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How often an idle watch that asked for bookmarks receives one.</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every request served so far, in order, for deriving the RBAC the caller needs.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The real server's Warning headers on forwarded requests, in order (an unknown field pruned says so here).</summary>
    public IReadOnlyList<string> ForwardedWarnings => _forwarder?.Warnings ?? [];

    /// <param name="forwardTo">
    /// A real API server for some groups: requests for them are proxied there, and the fake's garbage collector
    /// asks it about owners of those groups. Everything else (core kinds, apps, networking, policy, autoscaling,
    /// coordination, events) is still modelled by the fake.
    /// </param>
    public static async Task<FakeApiServer> StartAsync(TimeProvider? time = null, ForwardingTarget? forwardTo = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeApiServer(app, new ObjectStore(time), forwardTo);
        if (forwardTo?.Serves(CrdAdmission.Type.Group) != true)
        {
            server.Store.Register(CrdAdmission.Type);
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public KubernetesClientConfiguration ClientConfiguration() => new() { Host = BaseAddress.ToString() };

    public IKubernetes CreateClient() => new Kubernetes(ClientConfiguration());

    /// <summary>Writes a kubeconfig pointing at this server, for code that takes a kubeconfig path.</summary>
    public void WriteKubeconfig(string path) => File.WriteAllText(path, $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {BaseAddress}
        users:
        - name: fake
          user:
            token: fake-token
        contexts:
        - name: fake
          context:
            cluster: fake
            user: fake
            namespace: default
        current-context: fake
        """);

    public void ClearRequests() => _requests.Clear();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Store.DropWatches();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        Store.RemoteOwners?.Dispose();
        _forwarder?.Dispose();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (ApiException error)
        {
            await WriteJsonAsync(context, error.Code, error.ToStatus());
        }
        catch (HttpRequestException error) when (_forwarder is not null && !context.Response.HasStarted)
        {
            await WriteJsonAsync(context, 503, ApiException.StatusBody(503, "ServiceUnavailable", $"the server the fake forwards {context.Request.Path} to did not answer: {error.Message}"));
        }
        catch (System.Text.Json.JsonException error)
        {
            await WriteJsonAsync(context, 400, ApiException.StatusBody(400, "BadRequest", $"invalid JSON body: {error.Message}"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (_forwarder is not null && _forwarder.Forwards(segments))
        {
            if (RequestTarget.Parse(segments, context.Request.Method, context.Request.Query) is { } forwarded)
            {
                _requests.Enqueue(Record(context, forwarded));
            }

            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            await _forwarder.ForwardAsync(context, lifetime.Token);
            return;
        }

        if (Discovery.TryAnswer(segments, Store.Types) is { } discovery)
        {
            await WriteJsonAsync(context, 200, _forwarder is not null && segments is ["apis"]
                ? await _forwarder.MergedGroupsAsync(discovery, context.RequestAborted)
                : discovery);
            return;
        }

        var target = RequestTarget.Parse(segments, context.Request.Method, context.Request.Query)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        var fieldManager = context.Request.Query["fieldManager"].FirstOrDefault();
        var recorded = Record(context, target);
        _requests.Enqueue(recorded);

        var (faultStatus, delay) = Faults.Take(recorded);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (faultStatus is { } status)
        {
            throw new ApiException(status, status == 500 ? "InternalError" : "Injected", $"injected fault {status}");
        }

        var type = Store.Find(target.Group, target.Version, target.Plural)
            ?? throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        if (target.Subresource == "scale" && type.Kind is "Deployment" or "StatefulSet")
        {
            await ServeScaleAsync(context, type, target, fieldManager ?? "unknown");
            return;
        }

        if (target.Subresource is not ("" or "status") || target.Subresource == "status" && !type.HasStatus)
        {
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({target.Plural}/{target.Subresource})");
        }

        var ns = type.Namespaced ? target.Namespace ?? "" : "";
        var manager = fieldManager ?? "unknown";
        switch (target.Verb)
        {
            case "get":
                await WriteJsonAsync(context, 200, Store.Get(type, ns, target.Name!));
                break;
            case "list":
                await WriteListAsync(context, type, type.Namespaced ? target.Namespace : null);
                break;
            case "watch":
                await StreamWatchAsync(context, type, type.Namespaced ? target.Namespace : null);
                break;
            case "create":
                await WriteJsonAsync(context, 201, Store.Create(type, ns, Admit(type, await ReadObjectAsync(context)), manager));
                break;
            case "update":
                await WriteJsonAsync(context, 200, Store.Update(type, ns, target.Name!, Admit(type, await ReadObjectAsync(context)), manager, target.Subresource));
                break;
            case "patch":
                await WriteJsonAsync(context, 200, await PatchAsync(context, type, ns, target, fieldManager));
                break;
            case "delete":
                await WriteJsonAsync(context, 200, Store.Delete(type, ns, target.Name!, await PropagationPolicyAsync(context)));
                break;
            default:
                throw new ApiException(405, "MethodNotAllowed", $"{context.Request.Method} is not supported on {context.Request.Path}");
        }
    }

    private static RecordedRequest Record(HttpContext context, RequestTarget target) =>
        new(target.Verb, target.Group, target.Version, target.Plural, target.Subresource, target.Namespace ?? "", target.Name ?? "", context.Request.Query["fieldManager"].FirstOrDefault());

    private async Task<JsonObject> PatchAsync(HttpContext context, ResourceType type, string ns, RequestTarget target, string? fieldManager)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
        var body = await ReadObjectAsync(context);
        switch (contentType)
        {
            case "application/apply-patch+yaml":
                if (string.IsNullOrEmpty(fieldManager))
                {
                    throw ApiException.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
                }

                var force = context.Request.Query["force"].FirstOrDefault() is "true" or "1";
                return Store.Apply(type, ns, target.Name!, Admit(type, body), fieldManager, force, target.Subresource);
            case "application/merge-patch+json":
            case "application/strategic-merge-patch+json":
                return Store.MergePatch(type, ns, target.Name!, body, fieldManager ?? "unknown", target.Subresource);
            default:
                throw new ApiException(415, "UnsupportedMediaType", $"the fake does not support patch content type '{contentType}'");
        }
    }

    /// <summary>
    /// The scale subresource of Deployments and StatefulSets, as autoscaling/v1 Scale: what the HPA controller and
    /// <c>kubectl scale</c> read and write (pkg/registry/apps/deployment/storage/storage.go, ScaleREST).
    /// </summary>
    private async Task ServeScaleAsync(HttpContext context, ResourceType type, RequestTarget target, string manager)
    {
        var ns = target.Namespace ?? "";
        switch (target.Verb)
        {
            case "get":
                await WriteJsonAsync(context, 200, ObjectStore.ScaleOf(Store.Get(type, ns, target.Name!)));
                break;
            case "update":
            case "patch" when context.Request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) == true:
                var body = await ReadObjectAsync(context);
                var replicas = body["spec"]?["replicas"]?.GetValue<int>()
                    ?? throw new ApiException(422, "Invalid", "Scale.autoscaling \"" + target.Name + "\" is invalid: spec.replicas: Required value");
                var sentVersion = body["metadata"]?["resourceVersion"]?.GetValue<string>();
                await WriteJsonAsync(context, 200, ObjectStore.ScaleOf(Store.UpdateScale(type, ns, target.Name!, replicas, manager, sentVersion)));
                break;
            default:
                throw new ApiException(405, "MethodNotAllowed", $"the fake serves get, update and merge patch on {target.Plural}/scale");
        }
    }

    /// <summary>propagationPolicy from the query or the DeleteOptions body; Background unless given, as for most built-in kinds.</summary>
    private static async Task<string> PropagationPolicyAsync(HttpContext context)
    {
        var policy = context.Request.Query["propagationPolicy"].FirstOrDefault();
        if (policy is null && context.Request.ContentLength is > 0)
        {
            var options = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            policy = options?["propagationPolicy"]?.GetValue<string>();
        }

        return policy switch
        {
            null or "" => "Background",
            "Background" or "Foreground" or "Orphan" => policy,
            _ => throw ApiException.BadRequest($"DeleteOptions.meta.k8s.io is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\""),
        };
    }

    private static ObjectSelector Selector(HttpContext context, ResourceType type) => new(
        LabelSelector.Parse(context.Request.Query["labelSelector"].FirstOrDefault()),
        FieldSelector.Parse(context.Request.Query["fieldSelector"].FirstOrDefault(), type));

    /// <summary>A CustomResourceDefinition goes through the apiextensions-apiserver's checks, and once admitted its resources are served.</summary>
    private JsonObject Admit(ResourceType type, JsonObject body)
    {
        if (type == CrdAdmission.Type)
        {
            CrdAdmission.Admit(body);
            foreach (var served in CrdAdmission.ServedTypes(body))
            {
                Store.Register(served);
            }
        }

        return body;
    }

    private async Task WriteListAsync(HttpContext context, ResourceType type, string? ns)
    {
        var (items, version) = Store.List(type, ns, Selector(context, type));
        var list = new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        };
        await WriteJsonAsync(context, 200, list);
    }

    private async Task StreamWatchAsync(HttpContext context, ResourceType type, string? ns)
    {
        var query = context.Request.Query;
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() is "true" or "1";
        var timeoutSeconds = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), out var seconds) && seconds > 0 ? seconds : 1800;
        var selector = Selector(context, type);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(lifetime.Token);

        WatchSubscription subscription;
        try
        {
            subscription = Store.Subscribe(type, ns, query["resourceVersion"].FirstOrDefault(), selector);
        }
        catch (ApiException error) when (error.Code == 410)
        {
            // A real API server answers an expired watch with 200 and a single ERROR event carrying the 410 Status.
            await WriteLineAsync(context, new JsonObject { ["type"] = "ERROR", ["object"] = error.ToStatus() }.ToJsonString(), lifetime.Token);
            return;
        }

        try
        {
            if (Faults.SilentWatches)
            {
                // A half-dead connection: open, but nothing arrives and it never ends by itself, until dropped.
                await subscription.Closed.WaitAsync(lifetime.Token);
                return;
            }

            lifetime.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
            await PumpAsync(context, subscription, type, bookmarks, lifetime.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            // timeoutSeconds elapsed or the server is stopping: end the response cleanly, as the API server does.
        }
        finally
        {
            Store.Unsubscribe(subscription);
        }
    }

    private async Task PumpAsync(HttpContext context, WatchSubscription subscription, ResourceType type, bool bookmarks, CancellationToken cancellationToken)
    {
        var reader = subscription.Lines;
        while (true)
        {
            var idleVersion = Store.CurrentResourceVersion;
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            tick.CancelAfter(BookmarkInterval);
            try
            {
                if (!await reader.WaitToReadAsync(tick.Token))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing happened for a bookmark interval: every change up to idleVersion has been sent.
                if (bookmarks && !reader.TryPeek(out _))
                {
                    await WriteLineAsync(context, Bookmark(type, idleVersion), cancellationToken);
                }

                continue;
            }

            var batch = new StringBuilder();
            while (reader.TryRead(out var line))
            {
                batch.Append(line).Append('\n');
            }

            await context.Response.WriteAsync(batch.ToString(), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static string Bookmark(ResourceType type, long version) => new JsonObject
    {
        ["type"] = "BOOKMARK",
        ["object"] = new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
    }.ToJsonString();

    private static async Task WriteLineAsync(HttpContext context, string line, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(line + "\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object (the fake reads apply patches as JSON, which is valid YAML)");
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
