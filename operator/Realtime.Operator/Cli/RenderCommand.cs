using System.CommandLine;
using Realtime.Operator.Builders;
using Realtime.Operator.Api.Manifests;
using Realtime.Operator.Cli.Render;

namespace Realtime.Operator.Cli;

/// <summary>
/// `realtime-operator render -f cluster.yaml`: the objects the controller would apply, as multi-document YAML.
/// Invalid input prints every reason to standard error and nothing to standard output.
/// </summary>
internal static class RenderCommand
{
    public static Command Create()
    {
        var file = new Option<string>("--filename", "-f")
        {
            Description = "RealtimeCluster YAML to render; '-' reads standard input.",
            Required = true,
        };
        var passwordFile = new Option<FileInfo?>("--redis-password-file")
        {
            Description = "File holding the managed Redis password. Default: a new random password on every run.",
        };
        var command = new Command("render", "Print the Kubernetes objects a RealtimeCluster becomes, without a cluster.") { file, passwordFile };
        command.SetAction(parseResult => Run(parseResult.GetRequiredValue(file), parseResult.GetValue(passwordFile), Console.In, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string file, FileInfo? passwordFile, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var source = file == "-" ? "<stdin>" : file;
        string text;
        string? password = null;
        try
        {
            text = file == "-" ? ReadBounded(stdin) : ReadBounded(File.OpenText(file));
            if (passwordFile is not null)
            {
                password = File.ReadAllText(passwordFile.FullName).Trim();
                if (password.Length == 0)
                {
                    stderr.WriteLine($"{passwordFile.FullName}: the Redis password file is empty");
                    return 1;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{source}: cannot read: {e.Message}");
            return 1;
        }

        var result = ManifestReader.Read(text, source);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                stderr.WriteLine(error);
            }

            return 1;
        }

        stdout.Write(ClusterRenderer.Render(result.Clusters, OperatorDefaults.ForThisRelease(), _ => password ?? RedisPassword.Generate()));
        return 0;
    }

    private static string ReadBounded(TextReader reader)
    {
        using (reader)
        {
            var buffer = new char[ManifestReader.MaxInputCharacters + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = reader.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            return new string(buffer, 0, total);
        }
    }
}
