namespace Arcanum.Synthesis;

/// <summary>
/// A problem the user can fix: a table the synthesizer cannot learn, a condition that names no column
/// or cannot be met, a model folder that is not one. The message says what and, where it can, how.
/// </summary>
public class SynthesisException : Exception
{
    public SynthesisException(string message) : base(message) { }

    public SynthesisException(string message, Exception inner) : base(message, inner) { }
}
