using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

/// <summary>Shared checks for recognizer tests: a value in a sentence is covered by a span of the expected type.</summary>
internal static class DetectorAssert
{
    private static readonly PhiDetector Detector = new();

    public static IReadOnlyList<PhiSpan> Detect(string text) => Detector.Detect(text);

    public static void Finds(string text, string value, PhiType type)
    {
        var start = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(start >= 0, $"test sentence lacks '{value}'");
        var spans = Detector.Detect(text);
        Assert.Contains(spans, s => s.Type == type && s.Start <= start && s.End >= start + value.Length);
    }

    public static void FindsExactly(string text, string value, PhiType type)
    {
        var start = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(start >= 0, $"test sentence lacks '{value}'");
        Assert.Contains(Detector.Detect(text), s => s.Type == type && s.Start == start && s.End == start + value.Length);
    }

    public static void FindsNothingIn(string text, string value)
    {
        var start = text.IndexOf(value, StringComparison.Ordinal);
        Assert.True(start >= 0, $"test sentence lacks '{value}'");
        Assert.DoesNotContain(Detector.Detect(text), s => s.Start < start + value.Length && start < s.End);
    }
}
