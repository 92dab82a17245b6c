using System.Security.Cryptography;

namespace Realtime.Operator.Builders;

/// <summary>
/// The managed Redis password. Builders never invent it (the Secret would change on every build): the controller
/// reuses the one in the existing Secret or calls <see cref="Generate"/> once.
/// </summary>
internal static class RedisPassword
{
    /// <summary>32 random bytes, base64url: safe inside a redis:// URL without escaping.</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
