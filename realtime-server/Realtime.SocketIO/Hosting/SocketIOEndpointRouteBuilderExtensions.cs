using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO;

namespace Microsoft.AspNetCore.Builder;

public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>Maps the Socket.IO endpoint (the Engine.IO path, <c>/socket.io/</c> unless configured).</summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.ServiceProvider.GetRequiredService<SocketIOServer>();
        return endpoints.MapEngineIO().WithDisplayName("Socket.IO");
    }
}
