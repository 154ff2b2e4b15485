namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Site → server: [weight, weight·q_1, …, weight·q_d] plus the site's masks, mod 2^32. Without the masks of
/// the other sites this looks uniformly random; the sum over all survivors is the only thing it reveals.
/// </summary>
public sealed record MaskedInput(int SiteId, uint[] Values);
