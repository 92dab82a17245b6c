using System.Net;
using System.Text;
using System.Text.Json;

namespace Realtime.SocketIO.Tests.Support;

/// <summary>A hand-driven Engine.IO long-polling client for hostile-input tests.</summary>
public sealed class RawPollingClient
{
    private const char RecordSeparator = '\u001e';

    private readonly HttpClient _http;
    private readonly string _path;

    private RawPollingClient(HttpClient http, string sid)
    {
        _http = http;
        _path = $"/socket.io/?EIO=4&transport=polling&sid={sid}";
    }

    public static async Task<RawPollingClient> ConnectAsync(HttpClient http)
    {
        var body = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        using var open = JsonDocument.Parse(body[1..]);
        return new RawPollingClient(http, open.RootElement.GetProperty("sid").GetString()!);
    }

    /// <summary>POSTs Engine.IO records (text as is, binary as <c>b&lt;base64&gt;</c>); false once the session is gone.</summary>
    public async Task<bool> PostAsync(IEnumerable<string> records)
    {
        using var content = new StringContent(string.Join(RecordSeparator, records), Encoding.UTF8, "text/plain");
        using var response = await _http.PostAsync(_path, content);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Polls until the server sends the close packet or forgets the session; true when it did.</summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                using var response = await _http.GetAsync(_path, cts.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return true;
                }

                var body = await response.Content.ReadAsStringAsync(cts.Token);
                var records = body.Split(RecordSeparator);
                if (records.Contains("1"))
                {
                    return true;
                }

                if (records.Contains("2"))
                {
                    await PostAsync(["3"]);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
