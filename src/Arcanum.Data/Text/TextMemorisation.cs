namespace Arcanum.Data.Text;

/// <summary>How much of some generated text was copied from training text, verbatim.</summary>
/// <param name="SpanLength">The window length, in characters.</param>
/// <param name="Spans">Generated windows of that length.</param>
/// <param name="CopiedSpans">Of those, the ones that occur verbatim in the training text.</param>
/// <param name="LongestMatch">The longest run of characters of one generated text found verbatim in the training text.</param>
public sealed record MemorisationScore(int SpanLength, long Spans, long CopiedSpans, int LongestMatch)
{
    /// <summary>Share of generated windows copied verbatim (0 when nothing was long enough to have a window).</summary>
    public double CopiedShare => Spans == 0 ? 0 : (double)CopiedSpans / Spans;
}

/// <summary>
/// Verbatim copying from training notes: every window of <c>spanLength</c> characters of the generated texts is looked up
/// among all windows of the training texts (64-bit polynomial hashes, so a false "copied" has odds of about 2^-64 per
/// window), and the longest verbatim match is found by binary search over lengths. The prompt a generated note was asked
/// to begin with should be left out of what is passed here, or it counts as copied.
/// </summary>
public static class TextMemorisation
{
    private const ulong Base = 1_000_003;

    public static MemorisationScore Measure(IReadOnlyList<string> generated, IReadOnlyList<string> training, int spanLength = 50)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(spanLength, 1);
        var windows = Windows(training, spanLength);
        long spans = 0, copied = 0;
        foreach (var text in generated)
            foreach (var hash in Hashes(text, spanLength))
            {
                spans++;
                if (windows.Contains(hash)) copied++;
            }
        return new MemorisationScore(spanLength, spans, copied, Longest(generated, training));
    }

    /// <summary>The largest L such that some generated text has an L-character run found in the training texts.</summary>
    private static int Longest(IReadOnlyList<string> generated, IReadOnlyList<string> training)
    {
        var (low, high) = (0, generated.Count == 0 ? 0 : generated.Max(g => g.Length));
        while (low < high)
        {
            var length = (low + high + 1) / 2;
            var windows = Windows(training, length);
            if (generated.Any(g => Hashes(g, length).Any(windows.Contains))) low = length;
            else high = length - 1;
        }
        return low;
    }

    private static HashSet<ulong> Windows(IReadOnlyList<string> texts, int length)
    {
        var set = new HashSet<ulong>();
        foreach (var text in texts)
            foreach (var hash in Hashes(text, length)) set.Add(hash);
        return set;
    }

    /// <summary>Rolling hashes of every window of <paramref name="length"/> characters, mixed so nearby windows spread.</summary>
    private static IEnumerable<ulong> Hashes(string text, int length)
    {
        if (text.Length < length) yield break;
        ulong power = 1;
        for (var i = 1; i < length; i++) power *= Base;
        ulong hash = 0;
        for (var i = 0; i < length; i++) hash = hash * Base + text[i];
        yield return Mix(hash, length);
        for (var i = length; i < text.Length; i++)
        {
            hash = (hash - text[i - length] * power) * Base + text[i];
            yield return Mix(hash, length);
        }
    }

    private static ulong Mix(ulong h, int length)
    {
        h ^= (ulong)length * 0x9E3779B97F4A7C15UL;
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        return h;
    }
}
