namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Site → server, then server → all: a site's two fresh round public keys (65-byte P-256 points) and its
/// long-term signature over round id, site id and both keys. On a network the site's certificate (DER)
/// comes along, so its neighbours can check the signature against a key the project CA vouches for, not
/// one the server chose; in simulation it is null.
/// </summary>
public sealed record KeyAdvertisement(int SiteId, byte[] EncryptionKey, byte[] MaskKey, byte[] Signature, byte[]? Certificate = null);
