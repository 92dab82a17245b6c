using System.CommandLine;
using Realtime.Operator.Crd;

namespace Realtime.Operator.Cli;

/// <summary>`realtime-operator crd`: prints or writes the generated RealtimeCluster CRD and its Markdown reference.</summary>
internal static class CrdCommand
{
    public static Command Create()
    {
        var output = new Option<string[]>("--output", "-o")
        {
            Description = "File to write; repeat to write several identical copies. Default: standard output.",
            AllowMultipleArgumentsPerToken = false,
        };
        var reference = new Option<string?>("--reference")
        {
            Description = "Write the Markdown reference of the CRD (fields, defaults, constraints, rules) to this file; the CRD itself is then printed only if --output asks for it.",
        };
        var command = new Command("crd", "Print the RealtimeCluster CustomResourceDefinition generated from the operator's API types.") { output, reference };
        command.SetAction(parseResult =>
        {
            var paths = parseResult.GetValue(output) ?? [];
            var referencePath = parseResult.GetValue(reference);
            if (referencePath is not null)
            {
                WriteFile(referencePath, CrdReference.Render());
            }

            var yaml = CrdManifest.Render();
            if (paths.Length == 0 && referencePath is null)
            {
                Console.Out.Write(yaml);
            }

            foreach (var path in paths)
            {
                WriteFile(path, yaml);
            }

            return 0;
        });
        return command;
    }

    private static void WriteFile(string path, string content)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, content);
    }
}
