using System.Security.Cryptography;

namespace Arcanum.Federated.SecureAggregation;

/// <summary>The operating system's cryptographic random generator; the default everywhere.</summary>
public sealed class SystemRandomBytes : IRandomBytes
{
    public static SystemRandomBytes Instance { get; } = new();

    public void Fill(Span<byte> destination) => RandomNumberGenerator.Fill(destination);
}
