using Microsoft.Extensions.Options;

namespace Realtime.SocketIO.Hosting;

/// <summary>Rejects Socket.IO options the protocol cannot work with, naming each setting, when the host starts.</summary>
internal sealed class SocketIOOptionsValidator : IValidateOptions<SocketIOOptions>
{
    public ValidateOptionsResult Validate(string? name, SocketIOOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                builder.AddError($"Invalid Socket.IO options: {message}");
            }
        }

        Require(options.ConnectTimeout > TimeSpan.Zero, "ConnectTimeout must be positive");
        Require(options.MaxAttachments >= 0, "MaxAttachments must not be negative");
        Require(options.BinaryPacketTimeout > TimeSpan.Zero, "BinaryPacketTimeout must be positive");
        Require(options.AckTimeout > TimeSpan.Zero, "AckTimeout must be positive");
        if (options.ConnectionStateRecovery is { } recovery)
        {
            Require(recovery.MaxDisconnectionDuration > TimeSpan.Zero,
                "ConnectionStateRecovery.MaxDisconnectionDuration must be positive");
            Require(recovery.MaxLogBytes > 0, "ConnectionStateRecovery.MaxLogBytes must be positive");
        }

        return builder.Build();
    }
}
