using Microsoft.Net.Http.Headers;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>The <c>Set-Cookie</c> value the ASP.NET Core path writes through <c>Response.Cookies.Append</c>, formatted by the same type.</summary>
internal static class SessionCookie
{
    public static string Header(string name, string sessionId, bool secure) =>
        new SetCookieHeaderValue(name, Uri.EscapeDataString(sessionId))
        {
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = secure,
        }.ToString();
}
