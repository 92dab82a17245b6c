namespace Realtime.Operator.Api;

/// <summary>
/// What a RealtimeCluster's name must look like: it names Services (DNS-1035 labels, at most 63 characters) with
/// suffixes of up to 11 characters. Enforced in the CRD on metadata.name itself, not in CEL, where an unbounded
/// name would make a regex rule too costly for the API server to accept.
/// </summary>
public static class ClusterName
{
    public const int MaxLength = 50;
    public const string Pattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    public const string Message = "must start with a letter, contain only lower-case letters, digits and '-', and be at most 50 characters: it names the Services and Deployments of the cluster";
}
