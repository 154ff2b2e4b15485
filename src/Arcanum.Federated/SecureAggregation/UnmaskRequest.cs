namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// Server → every site in <see cref="Survivors"/>: the sites whose masked inputs arrived, whose self-mask
/// seeds are to be rebuilt, and the sites that shared keys but sent no input, whose mask keys are to be
/// rebuilt. A site refuses if the two lists overlap or name itself as dropped.
/// </summary>
public sealed record UnmaskRequest(int[] Survivors, int[] Dropped);
