using Microsoft.Extensions.Configuration;

namespace Realtime.Server.Configuration;

/// <summary>
/// Whether the standard ASP.NET Core endpoint settings name where to listen: <c>--urls</c> / <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c>, or a <c>Kestrel:Endpoints</c> section. When none does, the
/// server listens on <c>PORT</c> on every interface, as in a pod.
/// </summary>
public static class EndpointSettings
{
    public static bool AreGiven(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["urls"])
               || !string.IsNullOrWhiteSpace(configuration["http_ports"])
               || !string.IsNullOrWhiteSpace(configuration["https_ports"])
               || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
    }
}
