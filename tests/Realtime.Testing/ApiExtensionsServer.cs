using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Realtime.Testing;

/// <summary>
/// Kubernetes' real CRD API server (k8s.io/apiextensions-apiserver, built by scripts/build-apiextensions-apiserver.sh)
/// on a free loopback port, backed by its own etcd in a temporary folder. Clients authenticate with a generated
/// client certificate in the group <c>system:masters</c>; nothing listens beyond 127.0.0.1. It serves CRDs and
/// custom resources only: no namespaces, Deployments, Secrets or RBAC.
/// </summary>
public sealed class ApiExtensionsServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory;
    private readonly List<ChildProcess> _processes = [];

    private ApiExtensionsServer(string directory, TestCertificates certificates, int port)
    {
        _directory = directory;
        Certificates = certificates;
        Port = port;
        KubeconfigPath = Path.Combine(directory, "kubeconfig");
    }

    public TestCertificates Certificates { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"https://127.0.0.1:{Port}");

    /// <summary>A kubeconfig for kubectl and KubernetesClient, with the CA and the client certificate inline.</summary>
    public string KubeconfigPath { get; }

    /// <summary>Where the build script leaves the binaries; <c>current</c> points at the build for today's packages.</summary>
    public static string BuildDirectory { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "realtime-operator", "apiextensions-apiserver");

    /// <summary>Why the server cannot run here, or null when it can: the tests that need it skip with this text.</summary>
    public static string? UnavailableReason()
    {
        var current = Path.Combine(BuildDirectory, "current");
        if (File.Exists(Path.Combine(current, "apiextensions-apiserver")) && File.Exists(Path.Combine(current, "etcd")))
        {
            return null;
        }

        var recorded = Path.Combine(BuildDirectory, "skip-reason");
        var reason = File.Exists(recorded) ? File.ReadAllText(recorded).Trim() : "it has not been built on this machine";
        return $"the real apiextensions-apiserver is not available: {reason} (scripts/build-apiextensions-apiserver.sh builds it; scripts/ensure-deps.sh runs that script)";
    }

    public static async Task<ApiExtensionsServer> StartAsync()
    {
        if (UnavailableReason() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var directory = Directory.CreateTempSubdirectory("realtime-apiextensions-").FullName;
        var server = new ApiExtensionsServer(directory, TestCertificates.Create("realtime-tests", "system:masters"), FreePort.Next());
        try
        {
            await server.StartProcessesAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The output of etcd and the server, for a failing test's message.</summary>
    public string Output => string.Join("\n", _processes.Select(process => process.Output));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        _processes.Clear();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A process that was just killed may still hold a file for a moment; the temp folder is cleaned anyway.
        }
    }

    private async Task StartProcessesAsync()
    {
        var binaries = Path.Combine(BuildDirectory, "current");
        var etcdClientPort = FreePort.Next();
        var etcdPeerPort = FreePort.Next();
        var etcd = ChildProcess.Start(Path.Combine(binaries, "etcd"),
        [
            "--name", "default",
            "--data-dir", Path.Combine(_directory, "etcd"),
            "--listen-client-urls", $"http://127.0.0.1:{etcdClientPort}",
            "--advertise-client-urls", $"http://127.0.0.1:{etcdClientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{etcdPeerPort}",
            "--initial-advertise-peer-urls", $"http://127.0.0.1:{etcdPeerPort}",
            "--initial-cluster", $"default=http://127.0.0.1:{etcdPeerPort}",
            "--log-level", "error",
            // A disposable test store: losing it on a power cut costs nothing, and fsync is slow on busy disks.
            "--unsafe-no-fsync",
        ]);
        _processes.Add(etcd);
        await FreePort.WaitUntilListeningAsync(etcdClientPort, StartTimeout, etcd);

        var files = WriteFiles();
        var server = ChildProcess.Start(Path.Combine(binaries, "apiextensions-apiserver"),
        [
            "--etcd-servers", $"http://127.0.0.1:{etcdClientPort}",
            "--bind-address", "127.0.0.1",
            "--secure-port", Port.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", files.ServerCertificate,
            "--tls-private-key-file", files.ServerKey,
            "--client-ca-file", files.Authority,
        ]);
        _processes.Add(server);
        await WaitUntilReadyAsync(server);
    }

    /// <summary>Into the temporary folder, which Directory.CreateTempSubdirectory makes readable by this user only.</summary>
    private (string Authority, string ServerCertificate, string ServerKey) WriteFiles()
    {
        var authority = Path.Combine(_directory, "ca.crt");
        var serverCertificate = Path.Combine(_directory, "server.crt");
        var serverKey = Path.Combine(_directory, "server.key");
        File.WriteAllText(authority, Certificates.AuthorityPem);
        File.WriteAllText(serverCertificate, Certificates.ServerCertificatePem);
        File.WriteAllText(serverKey, Certificates.ServerKeyPem);
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: apiextensions
              cluster:
                server: {BaseAddress}
                certificate-authority-data: {Base64(Certificates.AuthorityPem)}
            users:
            - name: realtime-tests
              user:
                client-certificate-data: {Base64(Certificates.ClientCertificatePem)}
                client-key-data: {Base64(Certificates.ClientKeyPem)}
            contexts:
            - name: apiextensions
              context:
                cluster: apiextensions
                user: realtime-tests
                namespace: default
            current-context: apiextensions
            """);
        return (authority, serverCertificate, serverKey);
    }

    /// <summary>Ready is <c>/readyz</c> answering 200 to our client certificate, which also proves authentication works.</summary>
    private async Task WaitUntilReadyAsync(ChildProcess server)
    {
        using var http = new HttpClient(CreateHandler()) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"apiextensions-apiserver exited while starting:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/readyz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException error)
            {
                last = error.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"apiextensions-apiserver was not ready within {StartTimeout} (last: {last}):\n{Output}");
    }

    /// <summary>
    /// An HTTP handler that trusts only this server's authority and authenticates with the test client certificate
    /// (group <c>system:masters</c>), for callers that speak HTTP to the server themselves, such as the fake API
    /// server forwarding to it.
    /// </summary>
    public HttpMessageHandler CreateHandler()
    {
        var authority = X509Certificate2.CreateFromPem(Certificates.AuthorityPem);
        var client = X509Certificate2.CreateFromPem(Certificates.ClientCertificatePem, Certificates.ClientKeyPem);
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
                certificate is not null && chain is not null && TrustedBy(authority, certificate, chain),
        };
        handler.ClientCertificates.Add(client);
        return handler;
    }

    private static bool TrustedBy(X509Certificate2 authority, X509Certificate2 certificate, X509Chain chain)
    {
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
