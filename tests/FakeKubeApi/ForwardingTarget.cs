namespace Realtime.FakeKubeApi;

/// <summary>
/// A real API server that the fake forwards some API groups to (for instance Kubernetes' own
/// apiextensions-apiserver for <c>apiextensions.k8s.io</c> and <c>realtime.dev</c>), so that one client, one
/// operator run or one kubectl meets the real server for those groups and the fake for everything else.
/// </summary>
/// <param name="BaseAddress">The real server's address.</param>
/// <param name="CreateHandler">Makes the HTTP handler that reaches it: the fake's clients do not authenticate, the forwarder does, with this handler's credentials.</param>
/// <param name="Groups">The API groups served by the real server.</param>
public sealed record ForwardingTarget(Uri BaseAddress, Func<HttpMessageHandler> CreateHandler, IReadOnlyList<string> Groups)
{
    public static IReadOnlyList<string> CustomResourceGroups { get; } = ["apiextensions.k8s.io", "realtime.dev"];

    public bool Serves(string group) => Groups.Contains(group, StringComparer.Ordinal);

    /// <summary>The group of an apiVersion as an owner reference spells it ("realtime.dev/v1alpha1", or "v1" for the core group).</summary>
    public bool ServesApiVersion(string apiVersion) => apiVersion.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && Serves(apiVersion[..slash]);
}
