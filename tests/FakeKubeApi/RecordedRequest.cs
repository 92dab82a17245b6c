namespace Realtime.FakeKubeApi;

/// <summary>
/// One API call as RBAC sees it: the verb (get, list, watch, create, update, patch, delete), the API group, version,
/// resource and subresource, and the namespace ("" for cluster-wide).
/// </summary>
public sealed record RecordedRequest(string Verb, string Group, string Version, string Resource, string Subresource, string Namespace, string Name, string? FieldManager);
