namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Site → server: the site's encrypted shares, one per neighbour in <see cref="Recipients"/>, concatenated
/// in <see cref="Ciphertexts"/> with a fixed stride of <see cref="CiphertextLength"/> bytes
/// (12-byte nonce ‖ AES-GCM ciphertext of two 66-byte shares ‖ 16-byte tag).
/// </summary>
public sealed record ShareKeysMessage(int SiteId, int[] Recipients, byte[] Ciphertexts)
{
    public const int CiphertextLength = ShareCipher.CiphertextLength;
}
