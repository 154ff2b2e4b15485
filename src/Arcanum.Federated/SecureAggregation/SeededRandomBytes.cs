namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A deterministic generator for simulations and tests: AES-256 in counter mode keyed by a 32-byte seed,
/// so the same seed gives the same round. It is as unpredictable as its seed and no more, so a real
/// deployment must use <see cref="SystemRandomBytes"/>.
/// </summary>
public sealed class SeededRandomBytes : IRandomBytes, IDisposable
{
    private readonly AesCtr _stream;

    public SeededRandomBytes(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != AesCtr.KeyLength)
            throw new ArgumentException($"The seed must be {AesCtr.KeyLength} bytes; got {seed.Length}.", nameof(seed));
        _stream = new AesCtr(seed);
    }

    public void Fill(Span<byte> destination) => _stream.Generate(destination);

    public void Dispose() => _stream.Dispose();
}
