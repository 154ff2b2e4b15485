namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// The one source of randomness for secure aggregation (key pairs, self-mask seeds, Shamir coefficients,
/// nonces, stochastic rounding), injected so a simulation can be replayed bit for bit.
/// Production uses <see cref="SystemRandomBytes"/>.
/// </summary>
public interface IRandomBytes
{
    /// <summary>Fills <paramref name="destination"/> with uniformly random bytes.</summary>
    void Fill(Span<byte> destination);
}
