namespace Arcanum.Deid.Text;

/// <summary>What replaces an identifier: its type in brackets, or a keyed realistic surrogate.</summary>
public enum TextDeidMode
{
    /// <summary><c>[NAME]</c>, <c>[DATE]</c>, ...: nothing of the original survives, not even its length.</summary>
    Redact,

    /// <summary>A realistic stand-in of the same type and shape, consistent per key; dates shifted per patient.</summary>
    Surrogate,
}
