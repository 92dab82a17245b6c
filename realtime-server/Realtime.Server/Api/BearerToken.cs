using System.Security.Cryptography;
using System.Text;

namespace Realtime.Server.Api;

/// <summary>Checks an <c>Authorization: Bearer</c> header against the configured token in constant time.</summary>
public sealed class BearerToken(string token)
{
    // Comparing digests keeps the time independent of both the content and the length of the presented token.
    private readonly byte[] _expectedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(string? authorizationHeader)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expectedDigest);
    }
}
