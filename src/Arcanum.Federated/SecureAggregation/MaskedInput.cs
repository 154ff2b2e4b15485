namespace Arcanum.Federated.SecureAggregation;

/// <summary>Receives a masked input's words in order: <paramref name="words"/> are the input's values from <paramref name="offset"/> on.</summary>
public delegate void MaskedPiecesAction(int offset, ReadOnlySpan<uint> words);

/// <summary>
/// Site → server: [weight, weight·q_1, …, weight·q_d] plus the site's masks, mod 2^32, as the server reads it: whole from a
/// site in the same process, or piece by piece from where a network upload was spooled, so the server never holds it whole.
/// </summary>
public interface IMaskedInput
{
    /// <summary>The sender's id in the round.</summary>
    int SiteId { get; }

    /// <summary>How many words the input has.</summary>
    int Length { get; }

    /// <summary>
    /// Hands every word to <paramref name="pieces"/>, in order from offset 0, in one or more pieces. May be called again (to take
    /// an input back out of a sum after a later piece failed) and must then give the same words.
    /// </summary>
    void Read(MaskedPiecesAction pieces);
}

/// <summary>
/// A masked input held whole, as a site makes it. Without the masks of the other sites it looks uniformly random; the sum over
/// all survivors is the only thing it reveals.
/// </summary>
public sealed record MaskedInput(int SiteId, uint[] Values) : IMaskedInput
{
    public int Length => Values.Length;

    public void Read(MaskedPiecesAction pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        pieces(0, Values);
    }
}
