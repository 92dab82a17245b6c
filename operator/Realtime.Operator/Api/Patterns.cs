namespace Realtime.Operator.Api;

/// <summary>Name patterns shared by several fields, with the sentence a user reads when a value misses them.</summary>
public static class Patterns
{
    public const string DnsSubdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string DnsSubdomainMessage = "must be a DNS subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";

    public const string DnsLabel = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string DnsLabelMessage = "must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit";

    public const string Hostname = @"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string HostnameMessage = "must be a lower-case DNS host name such as chat.example.com (a leading '*.' is allowed)";
}
