using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Realtime.FakeKubeApi;

/// <summary>
/// Passes requests for the forwarded groups (and the OpenAPI documents, which only the real server has) to the real
/// API server unchanged: method, path, query (watch, resourceVersion, allowWatchBookmarks, fieldManager, force,
/// fieldValidation, dryRun), body, Content-Type, Accept and User-Agent (the apiserver names the default field
/// manager after it), and streams the answer back as it arrives, so watch events and bookmarks, Table output for
/// printer columns, status and scale subresources, server-side apply and its conflicts are the real server's. The
/// real server's Warning headers (unknown fields pruned, deprecations) are passed on and recorded.
/// </summary>
internal sealed class ApiForwarder : IDisposable
{
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _warnings = new();

    public ApiForwarder(ForwardingTarget target)
    {
        Target = target;
        _http = new HttpClient(target.CreateHandler()) { BaseAddress = target.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public ForwardingTarget Target { get; }

    public IReadOnlyList<string> Warnings => [.. _warnings];

    /// <summary>/apis/{forwarded group}/... and /openapi/...: everything about those groups is the real server's.</summary>
    public bool Forwards(string[] segments) => segments switch
    {
        ["apis", var group, ..] => Target.Serves(group),
        ["openapi", ..] => true,
        _ => false,
    };

    public async Task ForwardAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var incoming = context.Request;
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), incoming.Path.Value + incoming.QueryString.Value);
        if (incoming.ContentLength is > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
            if (incoming.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        foreach (var accept in incoming.Headers.Accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        foreach (var agent in incoming.Headers.UserAgent)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", agent);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } responseType)
        {
            context.Response.ContentType = responseType.ToString();
        }

        if (response.Headers.TryGetValues("Warning", out var sent))
        {
            foreach (var warning in sent)
            {
                _warnings.Enqueue(warning);
                context.Response.Headers.Append("Warning", warning);
            }
        }

        // Headers out now: a watch with nothing to report yet must still be seen as open by its client.
        await context.Response.StartAsync(cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // Flushed per read, so each watch event reaches the client when the real server sends it.
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// /apis as one server would list it: the fake's groups, then the real server's. The apiextensions-apiserver lists
    /// custom resource groups only in aggregated discovery (its legacy /apis has its own group alone: kube-apiserver
    /// adds the CRD groups to that list through the aggregator's APIServices, which a standalone server has not), so
    /// the real server is asked for the aggregated document and its groups are given in the legacy form the fake
    /// serves. kubectl's aggregated-discovery Accept gets that APIGroupList, which it falls back to, as from any
    /// server without aggregated discovery. Follows k8s.io/apiextensions-apiserver
    /// pkg/apiserver/customresource_discovery_controller.go, which adds each CRD group to the aggregated discovery
    /// document and to /apis/{group}, not to the legacy /apis list.
    /// </summary>
    public async Task<JsonObject> MergedGroupsAsync(JsonObject fakeGroups, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var real = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["items"]!.AsArray();
        var groups = fakeGroups["groups"]!.AsArray();
        foreach (var group in real.OfType<JsonObject>())
        {
            var name = group["metadata"]!["name"]!.GetValue<string>();
            if (!Target.Serves(name))
            {
                continue;
            }

            // Aggregated discovery lists versions in preference order (apidiscovery.k8s.io/v2, APIGroupDiscovery.versions).
            var versions = group["versions"]!.AsArray().Select(version => (JsonNode)new JsonObject
            {
                ["groupVersion"] = $"{name}/{version!["version"]}",
                ["version"] = version["version"]!.GetValue<string>(),
            }).ToArray();
            groups.Add(new JsonObject
            {
                ["name"] = name,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = versions[0].DeepClone(),
            });
        }

        return fakeGroups;
    }

    public void Dispose() => _http.Dispose();
}
