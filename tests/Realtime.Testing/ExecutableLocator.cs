namespace Realtime.Testing;

/// <summary>Finds the Debian-packaged programs the tests drive, with a message that says how to get them.</summary>
public static class ExecutableLocator
{
    private static readonly string[] SearchPath =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Concat(["/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"])
        .ToArray();

    public static string? Find(string name) =>
        SearchPath.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public static string Require(string name) =>
        Find(name) ?? throw new InvalidOperationException(
            $"'{name}' is not installed; run 'apt-get install -y {PackageOf(name)}' (.ci/run does this).");

    private static string PackageOf(string name) => name switch
    {
        "redis-server" => "redis-server",
        "haproxy" => "haproxy",
        "node" => "nodejs",
        _ => name,
    };
}
