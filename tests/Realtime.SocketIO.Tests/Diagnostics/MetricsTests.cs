using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO.Diagnostics;
using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Diagnostics;

/// <summary>The <c>Realtime.SocketIO</c> meter: sockets, rooms, broadcasts, fan-out, packets by type.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Sockets_rooms_broadcasts_and_packets_are_measured()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SocketIOMetrics.MeterName && instrument.Meter.Scope == factory)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            if (instrument is ObservableGauge<long>)
            {
                totals[key] = value;
            }
            else
            {
                totals.AddOrUpdate(key, value, (_, total) => total + value);
            }
        });
        listener.Start();
        var clients = new List<RawWebSocketClient>();
        for (var i = 0; i < 3; i++)
        {
            var (client, _) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
            clients.Add(client);
            await client.SendTextAsync("421[\"join\",\"r\"]");
            Assert.StartsWith("431[", await client.ReceiveTextAsync(), StringComparison.Ordinal);
        }

        server.Server.MainNamespace.To("r").Emit("news", 1);
        listener.RecordObservableInstruments();

        Assert.Equal(3, totals["realtime.socketio.sockets|namespace=/"]);
        Assert.Equal(4, totals["realtime.socketio.rooms|namespace=/"]);
        Assert.Equal(1, totals["realtime.socketio.broadcasts|namespace=/"]);
        Assert.Equal(3, totals["realtime.socketio.broadcast.recipients|namespace=/"]);
        Assert.Equal(3, totals["realtime.socketio.packets.in|type=connect"]);
        Assert.Equal(3, totals["realtime.socketio.packets.in|type=event"]);
        Assert.Equal(3, totals["realtime.socketio.packets.out|type=connect"]);
        Assert.Equal(3, totals["realtime.socketio.packets.out|type=ack"]);
        Assert.Equal(3, totals["realtime.socketio.packets.out|type=event"]);
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
