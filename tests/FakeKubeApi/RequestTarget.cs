using Microsoft.AspNetCore.Http;

namespace Realtime.FakeKubeApi;

/// <summary>What a resource URL names: /api/v1/... or /apis/{group}/{version}/..., then [namespaces/{ns}/]{plural}[/{name}[/{subresource}]].</summary>
internal sealed record RequestTarget(string Verb, string Group, string Version, string Plural, string? Namespace, string? Name, string Subresource)
{
    public static RequestTarget? Parse(string[] segments, string method, IQueryCollection query)
    {
        string group;
        string version;
        string[] rest;
        if (segments is ["api", var coreVersion, .. var coreRest])
        {
            (group, version, rest) = ("", coreVersion, coreRest);
        }
        else if (segments is ["apis", var apiGroup, var apiVersion, .. var apiRest])
        {
            (group, version, rest) = (apiGroup, apiVersion, apiRest);
        }
        else
        {
            return null;
        }

        string? ns = null;
        if (rest is ["namespaces", var namespaceName, _, ..])
        {
            ns = namespaceName;
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3)
        {
            return null;
        }

        var plural = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : "";
        var watch = query["watch"].FirstOrDefault() is "true" or "1";
        var verb = (method, name) switch
        {
            ("GET", null) => watch ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", null) => "create",
            ("PUT", not null) => "update",
            ("PATCH", not null) => "patch",
            ("DELETE", not null) => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestTarget(verb, group, version, plural, ns, name, subresource);
    }
}
