namespace Arcanum.Synthesis;

/// <summary>
/// A problem the user can fix: a table the synthesizer cannot learn, a condition that names no column
/// or cannot be met, a model folder that is not one. The message says what and, where it can, how.
/// </summary>
public class SynthesisException : Exception
{
    public SynthesisException(string message) : base(message) { }

    public SynthesisException(string message, Exception inner) : base(message, inner) { }

    /// <summary>
    /// Runs <paramref name="read"/> over a saved model's JSON; a member missing or of the wrong kind becomes a SynthesisException
    /// whose message is <paramref name="what"/> and the reader's (which names the member's path).
    /// </summary>
    public static T Reading<T>(string what, Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            throw new SynthesisException($"{what}: {e.Message}", e);
        }
    }
}
