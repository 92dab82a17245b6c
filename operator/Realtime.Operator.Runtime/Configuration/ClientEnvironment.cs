namespace Realtime.Operator.Runtime.Configuration;

/// <summary>What the API client's configuration is looked up in: environment variables, the home directory, files.</summary>
public sealed record ClientEnvironment(Func<string, string?> Variable, string HomeDirectory, Func<string, bool> FileExists)
{
    public const string ServiceAccountTokenFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public static ClientEnvironment Current { get; } = new(
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        File.Exists);

    public string DefaultKubeconfig => Path.Combine(HomeDirectory, ".kube", "config");
}
