namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Server → one site: the encrypted shares its neighbours sent it, from <see cref="Senders"/> in order,
/// with the stride of <see cref="ShareKeysMessage.CiphertextLength"/>. The senders are the neighbours the
/// site will mask with.
/// </summary>
public sealed record SharesDelivery(int RecipientId, int[] Senders, byte[] Ciphertexts);
