namespace Realtime.Server.Configuration;

/// <summary>A configuration value that stops start-up; <see cref="Exception.Message"/> is the one line shown.</summary>
public sealed class InvalidSettingException(string variable, string reason)
    : Exception($"invalid configuration: {variable}: {reason}")
{
    /// <summary>The environment variable (or appsettings key) at fault.</summary>
    public string Variable { get; } = variable;
}
