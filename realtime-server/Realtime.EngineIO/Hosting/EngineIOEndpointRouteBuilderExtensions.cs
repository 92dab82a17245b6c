using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Realtime.EngineIO;
using Realtime.EngineIO.Transports;

namespace Microsoft.AspNetCore.Builder;

public static class EngineIOEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Engine.IO endpoint at <see cref="EngineIOOptions.Path"/>, with the WebSocket middleware in front of it
    /// so the host does not need <c>UseWebSockets</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var server = endpoints.ServiceProvider.GetRequiredService<EngineServer>();
        var pipeline = endpoints.CreateApplicationBuilder()
            .Use(WebSocketTransport.WrapUpgrade)
            .UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        pipeline.Run(server.HandleRequestAsync);
        var path = server.Options.Path.TrimEnd('/');
        return endpoints.Map(path.Length == 0 ? "/" : path, pipeline.Build()).WithDisplayName("Engine.IO");
    }
}
