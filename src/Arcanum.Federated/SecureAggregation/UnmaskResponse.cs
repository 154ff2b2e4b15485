namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Site → server: the shares it holds of surviving neighbours' self-mask seeds and of dropped neighbours'
/// mask keys; owners in order, shares concatenated with a fixed stride of <see cref="ShareLength"/> bytes.
/// </summary>
public sealed record UnmaskResponse(
    int SiteId, int[] SelfMaskOwners, byte[] SelfMaskShares, int[] MaskKeyOwners, byte[] MaskKeyShares)
{
    public const int ShareLength = Shamir.ShareLength;
}
