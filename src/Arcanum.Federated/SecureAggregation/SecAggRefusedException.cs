namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A site refuses an unmasking request that would let the server learn its own or a neighbour's input:
/// both the self-mask share and the mask-key share of one site, a second request in the same round, or a
/// survivor set too small or too fragmented to hide individual inputs.
/// </summary>
public sealed class SecAggRefusedException(string message) : SecAggException(message);
