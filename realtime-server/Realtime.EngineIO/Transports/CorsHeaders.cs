using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// CORS for polling, only for the configured origins: the request's origin is echoed (never <c>*</c>), with
/// credentials when configured. With no origins configured no CORS header is ever written.
/// </summary>
internal sealed class CorsHeaders(EngineIOOptions options)
{
    private readonly HashSet<string> _origins = new(options.CorsOrigins, StringComparer.OrdinalIgnoreCase);

    public bool Enabled => _origins.Count > 0;

    /// <summary>Adds the headers for an allowed origin; true when the request was a preflight that is now answered.</summary>
    public bool Apply(HttpContext context)
    {
        if (!Enabled)
        {
            return false;
        }

        var request = context.Request;
        var response = context.Response;
        var origin = request.Headers.Origin;
        var allowed = origin.Count == 1 && _origins.Contains(origin[0]!);
        if (allowed)
        {
            response.Headers.AccessControlAllowOrigin = origin;
            if (options.CorsCredentials)
            {
                response.Headers.AccessControlAllowCredentials = "true";
            }
        }

        response.Headers.Vary = "Origin";
        if (!HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        if (allowed)
        {
            response.Headers.AccessControlAllowMethods = "GET,POST";
            var requested = request.Headers.AccessControlRequestHeaders;
            if (!StringValues.IsNullOrEmpty(requested))
            {
                response.Headers.AccessControlAllowHeaders = requested;
            }
        }

        response.StatusCode = StatusCodes.Status204NoContent;
        return true;
    }
}
