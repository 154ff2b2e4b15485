namespace Arcanum.Deid.Text.Learned;

/// <summary>
/// The features the learned tagger sees for one token, as 64-bit hashes of (template, value). A word's identity is
/// a feature only when the word is in the public word lists (<see cref="TokenFlags.Word"/>); any other word (a name,
/// a street, an ID) is seen only through its shape, length, flags and neighbours. So a model trained on real notes
/// holds no hash of any identifier in them, and can be shared like code.
/// </summary>
internal static class TaggerFeatures
{
    /// <summary>What a feature's value is; part of its hash, so "previous word = x" and "word = x" differ.</summary>
    private enum Template : byte
    {
        Bias,
        Word,
        Shape,
        ShortShape,
        Length,
        Flag,
        Prefix,
        Suffix,
        Separator,
        LineStart,
        PreviousLabel,
        PreviousLabelShape,
        Word1,
        Shape1,
        Flag1,
        Word2,
        Shape2,
        Separator1,
        DigitCount,
    }

    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Every feature of token <paramref name="i"/> except the previous-label ones, into <paramref name="into"/>.</summary>
    public static void Observed(string text, List<Token> tokens, int i, List<ulong> into)
    {
        into.Clear();
        var token = tokens[i];
        var word = text.AsSpan(token.Start, token.Length);
        into.Add(Hash(Template.Bias, 0, []));
        Describe(text, token, Template.Word, Template.Shape, Template.Flag, 0, into);
        into.Add(Hash(Template.ShortShape, 0, ShortShape(word, stackalloc char[16])));
        into.Add(Hash(Template.Length, (byte)Math.Min(token.Length, 12), []));
        if (token.Has(TokenFlags.Word) && word.Length > 3)
        {
            into.Add(Hash(Template.Prefix, 0, Lower(word[..3], stackalloc char[3])));
            into.Add(Hash(Template.Suffix, 0, Lower(word[^3..], stackalloc char[3])));
        }
        if (token.Has(TokenFlags.Number)) into.Add(Hash(Template.DigitCount, (byte)Math.Min(Digits(word), 16), []));
        var before = i > 0 ? text.AsSpan(tokens[i - 1].End, token.Start - tokens[i - 1].End) : text.AsSpan(0, token.Start);
        into.Add(Hash(Template.Separator, 0, Separator(before, stackalloc char[4])));
        if (before.Contains('\n') || i == 0) into.Add(Hash(Template.LineStart, 0, []));
        for (var d = -2; d <= 2; d++)
        {
            if (d == 0) continue;
            var j = i + d;
            var position = (byte)(d + 2);
            if (j < 0 || j >= tokens.Count)
            {
                into.Add(Hash(Template.Word1, position, "<edge>"));
                continue;
            }
            if (Math.Abs(d) == 1) Describe(text, tokens[j], Template.Word1, Template.Shape1, Template.Flag1, position, into);
            else Describe(text, tokens[j], Template.Word2, Template.Shape2, flag: null, position, into);
        }
        if (i + 1 < tokens.Count)
        {
            var after = text.AsSpan(token.End, tokens[i + 1].Start - token.End);
            into.Add(Hash(Template.Separator1, 0, Separator(after, stackalloc char[4])));
        }
    }

    /// <summary>The features that depend on the label given to the token before (greedy left-to-right decoding).</summary>
    public static void WithPrevious(string text, Token token, int previousLabel, List<ulong> into)
    {
        into.Add(Hash(Template.PreviousLabel, (byte)previousLabel, []));
        into.Add(Hash(Template.PreviousLabelShape, (byte)previousLabel, ShortShape(text.AsSpan(token.Start, token.Length), stackalloc char[16])));
    }

    /// <summary>The hash a word-identity feature would have: tests use it to show an identifier left no trace.</summary>
    internal static ulong WordHash(string word) => Hash(Template.Word, 0, Lower(word, new char[word.Length]));

    private static void Describe(string text, Token token, Template wordTemplate, Template shapeTemplate, Template? flag, byte position, List<ulong> into)
    {
        var word = text.AsSpan(token.Start, token.Length);
        if (token.Has(TokenFlags.Word)) into.Add(Hash(wordTemplate, position, Lower(word, word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length])));
        else into.Add(Hash(shapeTemplate, position, Shape(word, stackalloc char[12])));
        if (flag is not { } f) return;
        var flags = (int)token.Flags;
        for (var bit = 0; bit < 10; bit++)
            if ((flags & (1 << bit)) != 0) into.Add(Hash(f, (byte)(position * 16 + bit), []));
    }

    /// <summary>Xxxxx → "Xxxxx" truncated to 12 characters: upper X, lower x, digit d, other kept.</summary>
    private static ReadOnlySpan<char> Shape(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var n = Math.Min(word.Length, buffer.Length);
        for (var k = 0; k < n; k++) buffer[k] = Class(word[k]);
        return buffer[..n];
    }

    /// <summary>Runs of one class collapsed: "Smith" → "Xx", "555-1234" → "d-d".</summary>
    private static ReadOnlySpan<char> ShortShape(ReadOnlySpan<char> word, Span<char> buffer)
    {
        var n = 0;
        foreach (var c in word)
        {
            var k = Class(c);
            if (n > 0 && buffer[n - 1] == k) continue;
            if (n == buffer.Length) break;
            buffer[n++] = k;
        }
        return buffer[..n];
    }

    private static char Class(char c) => char.IsUpper(c) ? 'X' : char.IsLower(c) ? 'x' : char.IsDigit(c) ? 'd' : c;

    /// <summary>The punctuation between two tokens (spaces dropped, at most 4 characters): "@", ".", "/", "-", ":", "(".</summary>
    private static ReadOnlySpan<char> Separator(ReadOnlySpan<char> between, Span<char> buffer)
    {
        var n = 0;
        foreach (var c in between)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (n == buffer.Length) break;
            buffer[n++] = c;
        }
        return buffer[..n];
    }

    private static ReadOnlySpan<char> Lower(ReadOnlySpan<char> word, Span<char> buffer)
    {
        word.ToLowerInvariant(buffer);
        return buffer[..word.Length];
    }

    private static int Digits(ReadOnlySpan<char> word)
    {
        var n = 0;
        foreach (var c in word) if (char.IsDigit(c)) n++;
        return n;
    }

    /// <summary>FNV-1a over the template, its position byte and the characters: stable across runs and machines.</summary>
    private static ulong Hash(Template template, byte position, ReadOnlySpan<char> value)
    {
        var h = Offset;
        h = (h ^ (byte)template) * Prime;
        h = (h ^ position) * Prime;
        foreach (var c in value)
        {
            h = (h ^ (byte)c) * Prime;
            h = (h ^ (byte)(c >> 8)) * Prime;
        }
        return h;
    }
}
