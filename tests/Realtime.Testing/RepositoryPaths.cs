namespace Realtime.Testing;

/// <summary>Locates files of this repository from a test's working directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NodeWorkspace => Path.Combine(Root, "tests", "node");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RealtimeOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RealtimeOperator.sln not found above {AppContext.BaseDirectory}");
    }
}
