namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Pronounceable invented names and places (Varoten, Quelisha, Brandoport) that no list holds, so recall on them
/// measures context and shape rather than lookup.
/// </summary>
internal static class MadeUpNames
{
    private static readonly string[] Onsets =
        ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p", "pr", "qu", "r",
            "s", "sh", "st", "t", "tr", "v", "w", "z", "zh"];

    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"];

    private static readonly string[] Codas = ["", "", "", "n", "r", "l", "s", "th", "nd", "rk", "x", "m"];

    private static readonly string[] PlaceEndings = ["ville", "port", "field", "burg", "haven", "ton", " Falls"];

    public static string Word(Random random, int syllables)
    {
        var word = string.Concat(Enumerable.Range(0, syllables).Select(i =>
            Onsets[random.Next(Onsets.Length)] + Vowels[random.Next(Vowels.Length)]
            + (i == syllables - 1 ? Codas[random.Next(Codas.Length)] : "")));
        return char.ToUpperInvariant(word[0]) + word[1..];
    }

    public static string First(Random random) => Word(random, random.Next(2, 4));

    public static string Last(Random random) => Word(random, random.Next(2, 4));

    public static string Place(Random random) => Word(random, 2) + PlaceEndings[random.Next(PlaceEndings.Length)];
}
