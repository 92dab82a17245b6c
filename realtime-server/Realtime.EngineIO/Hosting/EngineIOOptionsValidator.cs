using Microsoft.Extensions.Options;

namespace Realtime.EngineIO.Hosting;

/// <summary>Rejects Engine.IO options the transport cannot work with, naming each setting, when the host starts.</summary>
internal sealed class EngineIOOptionsValidator : IValidateOptions<EngineIOOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineIOOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                builder.AddError($"Invalid Engine.IO options: {message}");
            }
        }

        Require(options.PingInterval > TimeSpan.Zero, "PingInterval must be positive");
        Require(options.PingTimeout > TimeSpan.Zero, "PingTimeout must be positive");
        Require(options.UpgradeTimeout > TimeSpan.Zero, "UpgradeTimeout must be positive");
        Require(options.MaxHttpBufferSize > 0, "MaxHttpBufferSize must be positive");
        Require(options.MaxOutboundQueue > 0, "MaxOutboundQueue must be positive");
        Require(options.MaxOutboundBytes > 0, "MaxOutboundBytes must be positive");
        Require(options.MaxBufferedBytes > 0, "MaxBufferedBytes must be positive");
        Require(options.Path.StartsWith('/'), "Path must start with '/'");
        Require(options.Transports.Count > 0 && options.Transports.All(t =>
                t is EngineTransportNames.Polling or EngineTransportNames.WebSocket),
            "Transports must list 'polling' and/or 'websocket'");
        Require(options.CorsOrigins.All(o => !string.IsNullOrWhiteSpace(o) && o != "*"),
            "CorsOrigins must list exact origins ('*' is not allowed)");
        return builder.Build();
    }
}
