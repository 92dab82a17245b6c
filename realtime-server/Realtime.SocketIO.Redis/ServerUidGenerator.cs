using System.Security.Cryptography;

namespace Realtime.SocketIO.Redis;

/// <summary>Random server and request ids in the alphabet of the Node adapter's <c>uid2</c>.</summary>
internal static class ServerUidGenerator
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Longer than Node's 6 characters: many pods and many requests, and no coordination between them.</summary>
    public static string Next(int length = 12) => RandomNumberGenerator.GetString(Alphabet, length);
}
