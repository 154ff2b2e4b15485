
namespace Arcanum.Deid.Synthetic;

/// <summary>A run of text in a generated note: surrogate PHI of <see cref="Type"/>, or plain text when null.</summary>
public readonly record struct Piece(string Text, PhiType? Type)
{
    public static Piece Plain(string text) => new(text, null);

    public static Piece Phi(string text, PhiType type) => new(text, type);
}
