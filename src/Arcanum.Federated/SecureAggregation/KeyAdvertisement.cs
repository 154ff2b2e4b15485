namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Site → server, then server → all: a site's two fresh round public keys (65-byte P-256 points) and its
/// long-term signature over round id, site id and both keys.
/// </summary>
public sealed record KeyAdvertisement(int SiteId, byte[] EncryptionKey, byte[] MaskKey, byte[] Signature);
