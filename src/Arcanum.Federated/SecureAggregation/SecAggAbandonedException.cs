namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// The server abandoned the round for a fault of its own, not of the answer at hand: a masked input it had partly added to the sum
/// could not be read again to take it back out. Every later answer of the round is refused with this, and the round ends at once
/// rather than waiting for the rest; the engine may run it again.
/// </summary>
public sealed class SecAggAbandonedException : SecAggException
{
    public SecAggAbandonedException(string message) : base(message) { }

    public SecAggAbandonedException(string message, Exception inner) : base(message, inner) { }
}
