namespace Arcanum.Deid.Text;

/// <summary>What is known about a token, computed once per token so that each rule is a bit test.</summary>
[Flags]
internal enum TokenFlags
{
    None = 0,
    Capitalised = 1,
    AllCaps = 2,
    Word = 4,
    Clinical = 8,
    FirstName = 16,
    Surname = 32,
    SentenceStart = 64,
    Initial = 128,
    Number = 256,
}
