using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Realtime.Bench;

/// <summary>
/// The rollout row's steady traffic: numbered bench events through the publish API (<c>POST /api/v1/emit</c>) of the
/// pods that are up, to the rooms in turn. A message counts as sent to its room once a pod answered 202, i.e. once
/// it was handed to the adapter; a refused or failed request is not counted (its number is skipped).
/// </summary>
public sealed class RolloutPublisher(string apiToken, int rooms, int messagesPerSecond) : IDisposable
{
    private const int Lanes = 4;

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<long>[] _accepted = [.. Enumerable.Range(0, rooms).Select(_ => new List<long>())];
    private long _next;
    private long _failed;

    /// <summary>Publish requests that got no 202 (the pod stopped under them).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>The numbers of the messages the cluster accepted for <paramref name="room"/>.</summary>
    public IReadOnlyList<long> AcceptedFor(int room)
    {
        lock (_accepted[room])
        {
            return [.. _accepted[room]];
        }
    }

    public long AcceptedTotal => Enumerable.Range(0, rooms).Sum(room => (long)AcceptedFor(room).Count);

    /// <summary>Publishes at the rate until <paramref name="stop"/>, each message to a pod <paramref name="pickPod"/> names.</summary>
    public Task RunAsync(Func<long, Uri> pickPod, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, Lanes).Select(_ => LaneAsync(pickPod, stop)));

    public void Dispose() => _http.Dispose();

    private async Task LaneAsync(Func<long, Uri> pickPod, CancellationToken stop)
    {
        var rate = (double)messagesPerSecond / Lanes;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        long count = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                for (var due = (long)(clock.Elapsed.TotalSeconds * rate); count < due && !stop.IsCancellationRequested; count++)
                {
                    await PublishOneAsync(pickPod, stop);
                }

                await timer.WaitForNextTickAsync(stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The row stopped publishing.
        }
    }

    private async Task PublishOneAsync(Func<long, Uri> pickPod, CancellationToken stop)
    {
        var sequence = Interlocked.Increment(ref _next);
        var room = (int)(sequence % rooms);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(pickPod(sequence), "/api/v1/emit"))
        {
            Content = new StringContent(
                $"{{\"room\":\"{LoadRunner.RoomName(room)}\",\"event\":\"{BenchClient.BenchEvent}\",\"data\":{BenchClient.EventData("", sequence)}}}",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        try
        {
            using var response = await _http.SendAsync(request, stop);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                lock (_accepted[room])
                {
                    _accepted[room].Add(sequence);
                }

                return;
            }
        }
        catch (HttpRequestException)
        {
            // Counted below.
        }
        catch (TaskCanceledException) when (!stop.IsCancellationRequested)
        {
            // The request timed out; counted below.
        }

        Interlocked.Increment(ref _failed);
    }
}
