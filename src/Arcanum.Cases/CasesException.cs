namespace Arcanum.Cases;

/// <summary>
/// A problem the user can fix: a knowledge base that does not validate, a DDXPlus folder that is not one, a
/// condition no case can meet. The message says what and where.
/// </summary>
public sealed class CasesException : Exception
{
    public CasesException(string message) : base(message) { }

    public CasesException(string message, Exception inner) : base(message, inner) { }
}
