namespace Arcanum.Federated.SecureAggregation;

/// <summary>The four steps of a secure-aggregation round, in order.</summary>
public enum SecureStage
{
    /// <summary>Each site makes fresh round keys and signs them.</summary>
    AdvertiseKeys,

    /// <summary>Each site secret-shares its self-mask seed and mask key among its neighbours.</summary>
    ShareKeys,

    /// <summary>Each site trains, then sends its quantised update masked (the training task itself).</summary>
    MaskedInput,

    /// <summary>Survivors return the shares that remove the masks of the sum, and only of the sum.</summary>
    Unmask,
}

/// <summary>What the server asks of a site in one secure-aggregation step.</summary>
/// <param name="Stage">The step.</param>
/// <param name="Setup">The round's settings; the site checks they are safe.</param>
/// <param name="Participants">The sites of the round by name; a site's id is its index here.</param>
/// <param name="Advertisements">ShareKeys: every site's signed keys.</param>
/// <param name="Delivery">MaskedInput: the shares the site's neighbours encrypted for it.</param>
/// <param name="Unmask">Unmask: who survived and who dropped.</param>
/// <param name="ClipNorm">
/// MaskedInput under client-level DP with adaptive clipping: this round's clip norm (the noise scales with it, so a server that
/// sends another value changes the model's utility, not the guarantee).
/// </param>
public sealed record SecureRequest(
    SecureStage Stage,
    SecAggSetup Setup,
    IReadOnlyList<string> Participants,
    IReadOnlyList<KeyAdvertisement>? Advertisements = null,
    SharesDelivery? Delivery = null,
    UnmaskRequest? Unmask = null,
    double? ClipNorm = null);

/// <summary>A site's answer to one secure-aggregation step; exactly one field is set.</summary>
public sealed record SecureReply(
    KeyAdvertisement? Advertisement = null,
    ShareKeysMessage? Shares = null,
    IMaskedInput? Masked = null,
    UnmaskResponse? Unmask = null);
