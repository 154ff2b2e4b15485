namespace Arcanum.Risk;

/// <summary>
/// A release, population or setting that cannot be measured as asked: a column that does not exist, an empty table,
/// a population smaller than the release. The message names columns and counts, never a value from the data.
/// </summary>
public sealed class RiskInputException : Exception
{
    public RiskInputException()
    {
    }

    public RiskInputException(string message)
        : base(message)
    {
    }

    public RiskInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
