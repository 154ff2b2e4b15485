namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A site's long-term signing key (from its provisioned kit, or ephemeral in simulation). A site signs its
/// round keys with its own; it checks a neighbour's round keys against the neighbour's public one, which it
/// must get from a trusted source (the kit's certificates), never from the server's messages.
/// </summary>
public interface ISiteSignatureKey
{
    /// <summary>Signs <paramref name="message"/>; throws if this is only a public key.</summary>
    byte[] Sign(byte[] message);

    /// <summary>Whether <paramref name="signature"/> is this key's signature of <paramref name="message"/>.</summary>
    bool Verify(byte[] message, byte[] signature);
}
