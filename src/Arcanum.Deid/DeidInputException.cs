namespace Arcanum.Deid;

/// <summary>
/// Input that cannot be de-identified as asked: a note that is not text, a policy naming a missing column, a column
/// the policy forgets, a missing key file. The message names the file, line or column, never a value from the data.
/// </summary>
public sealed class DeidInputException : Exception
{
    public DeidInputException()
    {
    }

    public DeidInputException(string message)
        : base(message)
    {
    }

    public DeidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
