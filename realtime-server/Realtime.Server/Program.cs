using Realtime.Server;
using Realtime.Server.Configuration;

try
{
    var app = ServerApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (InvalidSettingException error)
{
    // One line naming the variable and the reason; a stack trace would bury it in the pod's log.
    await Console.Error.WriteLineAsync(error.Message);
    return 2;
}
catch (IOException error)
{
    // Kestrel could not bind (the port is taken or not allowed): a clean exit the kubelet reports, not an abort.
    await Console.Error.WriteLineAsync($"cannot start: {error.Message}");
    return 1;
}
