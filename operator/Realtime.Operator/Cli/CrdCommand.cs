using System.CommandLine;
using Realtime.Operator.Crd;

namespace Realtime.Operator.Cli;

/// <summary>`realtime-operator crd`: prints or writes the generated RealtimeCluster CRD.</summary>
public static class CrdCommand
{
    public static Command Create()
    {
        var output = new Option<string[]>("--output", "-o")
        {
            Description = "File to write; repeat to write several identical copies. Default: standard output.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("crd", "Print the RealtimeCluster CustomResourceDefinition generated from the operator's API types.") { output };
        command.SetAction(parseResult =>
        {
            var yaml = CrdManifest.Render();
            var paths = parseResult.GetValue(output) ?? [];
            if (paths.Length == 0)
            {
                Console.Out.Write(yaml);
                return 0;
            }

            foreach (var path in paths)
            {
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
                {
                    Directory.CreateDirectory(directory);
                }

                File.WriteAllText(path, yaml);
            }

            return 0;
        });
        return command;
    }
}
