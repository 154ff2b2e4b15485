namespace Arcanum.Federated.SecureAggregation;

/// <summary>
/// A secure-aggregation round cannot go on: too few sites remain, a key fails its signature, a share fails
/// authentication, or a message does not fit the round. The round must be abandoned; nothing is aggregated
/// in the clear as a fallback.
/// </summary>
public class SecAggException : Exception
{
    public SecAggException(string message) : base(message) { }

    public SecAggException(string message, Exception inner) : base(message, inner) { }
}
