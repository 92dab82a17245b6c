namespace Realtime.Server.Api;

/// <summary>Either a command or the reason the request was refused.</summary>
public sealed record EmitParseResult(EmitCommand? Command, string? Problem)
{
    public static EmitParseResult Valid(EmitCommand command) => new(command, null);

    public static EmitParseResult Invalid(string problem) => new(null, problem);
}
