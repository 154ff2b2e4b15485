namespace Arcanum.Federated.Statistics;

/// <summary>
/// A statistics query that cannot run or that a site refuses (bad column, missing range, budget spent),
/// with a message meant for the person who asked.
/// </summary>
public sealed class StatisticsException : Exception
{
    public StatisticsException(string message) : base(message)
    {
    }

    public StatisticsException(string message, Exception inner) : base(message, inner)
    {
    }
}
