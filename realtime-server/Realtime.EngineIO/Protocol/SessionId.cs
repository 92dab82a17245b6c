using System.Buffers.Text;
using System.Security.Cryptography;

namespace Realtime.EngineIO.Protocol;

/// <summary>Session ids: 15 bytes from the cryptographic random source as 20 base64url characters.</summary>
internal static class SessionId
{
    public const int Length = 20;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
