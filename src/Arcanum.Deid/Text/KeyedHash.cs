using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Deid.Text;

/// <summary>
/// HMAC-SHA256 of the project key over a purpose and a value: the only source of surrogate choices, so the same
/// key always gives the same surrogate and nobody without the key can recompute it.
/// </summary>
internal sealed class KeyedHash(byte[] key)
{
    public ulong Of(string purpose, ReadOnlySpan<char> value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(purpose.Length + value.Length + 1);
        var buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(purpose, buffer);
        buffer[written++] = 0;
        written += Encoding.UTF8.GetBytes(value, buffer[written..]);
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, buffer[..written], hash);
        return BitConverter.ToUInt64(hash);
    }
}
