using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Realtime.FakeKubeApi;

/// <summary>
/// The garbage collector's view of owners that live on the real server the fake forwards to (a Deployment in the
/// fake owned by a RealtimeCluster on the real server). As kube-controller-manager's collector does it:
/// <list type="bullet">
/// <item>An owner reference is dangling when a live GET of the owner by name answers 404 or an object with another
/// uid (pkg/controller/garbagecollector/garbagecollector.go, isDangling, which reads the owner from the API, not from
/// its graph).</item>
/// <item>The collector watches every kind that owners are of and, on an owner's deletion event, looks at its
/// dependents (pkg/controller/garbagecollector/graph_builder.go, startMonitors and processGraphChanges: a deleted
/// node's dependents go to attemptToDelete). Here a watch starts on the first owner reference of a kind, and after
/// each (re)list the dependents of owners no longer listed are checked, as the informer's initial list would add
/// them as absent owners.</item>
/// </list>
/// Not modelled for remote owners: foreground deletion (the real server would keep the owner with the
/// foregroundDeletion finalizer until this collector removed it) and orphaning; background deletion and finalizers
/// of the owner's own (its deletionTimestamp alone deletes nothing, as in the real collector) are.
/// </summary>
internal sealed class RemoteOwners : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);
    private readonly ForwardingTarget _target;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), (string Plural, bool Namespaced)> _resources = new();
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), Task> _monitors = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ObjectStore _store;

    public RemoteOwners(ForwardingTarget target, ObjectStore store)
    {
        _target = target;
        _store = store;
        _http = new HttpClient(target.CreateHandler()) { BaseAddress = target.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    public bool Serves(string apiVersion) => _target.ServesApiVersion(apiVersion);

    /// <summary>isDangling: the owner is gone when the real server has no object of that name, or one with another uid.</summary>
    /// <returns>False also when the server cannot answer: the collector retries rather than deleting on an error.</returns>
    public bool IsGone(string apiVersion, string kind, string ns, string name, string uid)
    {
        if (ResolveOrNull(apiVersion, kind) is not ({ } plural, var namespaced))
        {
            return false;
        }

        var path = namespaced ? $"/apis/{apiVersion}/namespaces/{ns}/{plural}/{name}" : $"/apis/{apiVersion}/{plural}/{name}";
        using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, path), _stopping.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return true;
        }

        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        using var reader = new StreamReader(response.Content.ReadAsStream(_stopping.Token));
        return JsonNode.Parse(reader.ReadToEnd())?["metadata"]?["uid"]?.GetValue<string>() != uid;
    }

    /// <summary>Starts watching owners of this kind, once.</summary>
    public void Monitor(string apiVersion, string kind) =>
        _monitors.GetOrAdd((apiVersion, kind), key => Task.Run(() => MonitorAsync(key.ApiVersion, key.Kind)));

    public void Dispose()
    {
        _stopping.Cancel();
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task MonitorAsync(string apiVersion, string kind)
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (ResolveOrNull(apiVersion, kind) is not ({ } plural, _))
                {
                    await Task.Delay(RetryDelay, _stopping.Token);
                    continue;
                }

                var list = await GetJsonAsync($"/apis/{apiVersion}/{plural}");
                var live = list["items"]!.AsArray().Select(item => item!["metadata"]!["uid"]!.GetValue<string>()).ToHashSet();
                _store.CollectDependentsOfUnlistedRemoteOwners(apiVersion, kind, live);
                await WatchDeletionsAsync($"/apis/{apiVersion}/{plural}?watch=true&allowWatchBookmarks=true&resourceVersion={list["metadata"]!["resourceVersion"]}");
            }
            catch (Exception error) when (!_stopping.IsCancellationRequested && error is HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                await Task.Delay(RetryDelay, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Until the watch ends or answers ERROR (410 after compaction), when the caller lists again.</summary>
    private async Task WatchDeletionsAsync(string path)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, _stopping.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stopping.Token));
        while (await reader.ReadLineAsync(_stopping.Token) is { } line)
        {
            var change = JsonNode.Parse(line)!;
            switch (change["type"]?.GetValue<string>())
            {
                case "DELETED":
                    _store.CollectDependentsOfRemovedOwner(change["object"]!["metadata"]!["uid"]!.GetValue<string>());
                    break;
                case "ERROR":
                    return;
            }
        }
    }

    private (string Plural, bool Namespaced)? ResolveOrNull(string apiVersion, string kind)
    {
        if (_resources.TryGetValue((apiVersion, kind), out var known))
        {
            return known;
        }

        using var response = _http.Send(new HttpRequestMessage(HttpMethod.Get, $"/apis/{apiVersion}"), _stopping.Token);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var reader = new StreamReader(response.Content.ReadAsStream(_stopping.Token));
        var resource = JsonNode.Parse(reader.ReadToEnd())!["resources"]!.AsArray().OfType<JsonObject>()
            .FirstOrDefault(r => r["kind"]?.GetValue<string>() == kind && !r["name"]!.GetValue<string>().Contains('/', StringComparison.Ordinal));
        if (resource is null)
        {
            return null;
        }

        var found = (resource["name"]!.GetValue<string>(), resource["namespaced"]!.GetValue<bool>());
        _resources[(apiVersion, kind)] = found;
        return found;
    }

    private async Task<JsonObject> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path, _stopping.Token);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(_stopping.Token))!.AsObject();
    }
}
