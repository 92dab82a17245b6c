using System.CommandLine;
using Realtime.Operator.Cli;

var root = new RootCommand("realtime-operator: runs Socket.IO applications on Kubernetes from one RealtimeCluster resource.")
{
    RunCommand.Create(),
    RenderCommand.Create(),
    CrdCommand.Create(),
};

// `run` is the default command: the container starts the controller with no arguments or only run's options.
string[] helpOrVersion = ["-h", "--help", "-?", "/?", "--version"];
var subcommands = root.Subcommands.Select(command => command.Name).ToHashSet(StringComparer.Ordinal);
if (args.Length == 0 || (!subcommands.Contains(args[0]) && args[0].StartsWith('-') && !helpOrVersion.Contains(args[0])))
{
    args = ["run", .. args];
}

// System.CommandLine gives a cancelled command 2 s before it ends the process; `run` hands back its Lease, so it gets
// time to finish and the next leader need not wait out the lease.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) };
return await root.Parse(args).InvokeAsync(invocation);
