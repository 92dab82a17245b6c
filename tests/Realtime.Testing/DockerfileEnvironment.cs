namespace Realtime.Testing;

/// <summary>
/// The environment a Dockerfile's last stage (the image that ships) sets with <c>ENV</c>, so that a benchmark runs
/// the process with exactly what the image gives it rather than a copy that drifts.
/// </summary>
public static class DockerfileEnvironment
{
    public static IReadOnlyDictionary<string, string> Read(string dockerfilePath) => Parse(File.ReadAllText(dockerfilePath));

    /// <summary>Only the <c>ENV KEY=VALUE ...</c> form, unquoted values, with backslash line continuations.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string dockerfile)
    {
        var instructions = JoinContinuations(dockerfile);
        var lastStage = instructions.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var instruction in instructions.Skip(Math.Max(lastStage, 0)))
        {
            if (!instruction.StartsWith("ENV ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var pair in instruction[4..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || pair.Contains('"', StringComparison.Ordinal) || pair.Contains('\'', StringComparison.Ordinal))
                {
                    throw new FormatException($"unsupported ENV form (only KEY=VALUE with unquoted values): {instruction}");
                }

                environment[pair[..equals]] = pair[(equals + 1)..];
            }
        }

        return environment;
    }

    private static List<string> JoinContinuations(string dockerfile)
    {
        var instructions = new List<string>();
        var current = "";
        foreach (var rawLine in dockerfile.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Trim();
            // Docker drops comment and empty lines, inside a continuation too.
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            instructions.Add(current + line);
            current = "";
        }

        if (current.Length > 0)
        {
            instructions.Add(current);
        }

        return instructions;
    }
}
