using Realtime.Local;

// System.CommandLine gives a cancelled command 2 s before it ends the process; the launcher stops its Redis, servers
// and proxy tier by tier, so it gets time to finish instead of leaving orphans behind.
var invocation = new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) };
return await LocalCommand.Create().Parse(args).InvokeAsync(invocation);
