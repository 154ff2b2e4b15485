using Arcanum.Deid;

namespace Arcanum.Bench.DeidCorpus.Tests;

/// <summary>
/// The generator on its own two-paragraph fixture notes (never the shared data): gold spans point at surrogate
/// text, the source's own PHI is gone, and a seed gives the same corpus.
/// </summary>
public sealed class CorpusGeneratorTests
{
    private static readonly SourceNote[] Fixture =
    [
        new("aci-F1", "HISTORY OF PRESENT ILLNESS\n\nQuintus Varlow is a 58-year-old male seen on 03/14/2021 by "
            + "Dr. Ellery. His wife, Odalys, was present.\n\nX-ray of the chest was normal.", "Quintus", "Varlow",
            false),
        new("mts-F2", "GENHX\n\nThe patient saw Dr. X on 01/10/09 and again on March 3rd, 2010. Her mother is a "
            + "93-year-old with dementia.", "", "", true),
        new("mts-F3", "ROS\n\nNegative for fever. Tinel's sign negative. Moved from Columbus, Georgia in January of "
            + "1991 and was seen at Purdy Valley Clinic.", "", "", null),
    ];

    [Fact]
    public void Compose_FixtureNotes_EverySpanCoversTrimmedSurrogateTextAndSourcePhiIsGone()
    {
        // Given
        var notes = CorpusGenerator.Compose(Fixture, seed: 7);

        // When
        var texts = notes.Select(n => n.Note.Text).ToList();

        // Then
        foreach (var (_, note) in notes)
        {
            Assert.NotEmpty(note.Spans);
            foreach (var span in note.Spans)
            {
                var covered = note.Text[span.Start..span.End];
                Assert.False(string.IsNullOrWhiteSpace(covered));
                Assert.Equal(covered.Trim(), covered);
            }
            Assert.Equal(note.Spans.OrderBy(s => s.Start), note.Spans.OrderBy(s => s.Start).Distinct());
        }
        foreach (var original in new[] { "Quintus", "Varlow", "Ellery", "Odalys", "Dr. X ", "03/14/2021", "01/10/09" })
            Assert.DoesNotContain(texts, t => t.Contains(original, StringComparison.Ordinal));
        Assert.Contains("X-ray of the chest", texts[0]);
        Assert.Contains("Tinel's sign negative", texts[2]);
    }

    [Fact]
    public void Compose_SourceAgeOver89_KeepsTheNumberAndLabelsItAge()
    {
        var (_, note) = CorpusGenerator.Compose(Fixture, seed: 7)[1];

        var at = note.Text.IndexOf("93-year-old", StringComparison.Ordinal);

        Assert.Contains(new PhiSpan(at, at + 2, PhiType.Age), note.Spans);
    }

    [Fact]
    public void Compose_SourcePlacesAndMonthOfYear_LabelledLocationAndDate()
    {
        var (_, note) = CorpusGenerator.Compose(Fixture, seed: 7)[2];

        var labelled = note.Spans.Select(s => (note.Text[s.Start..s.End], s.Type)).ToList();

        Assert.Contains(("Columbus", PhiType.Location), labelled);
        Assert.Contains(("Purdy Valley Clinic", PhiType.Location), labelled);
        Assert.DoesNotContain("January of 1991", note.Text);
        Assert.Contains(labelled, l => l.Type == PhiType.Date && l.Item1.Contains(" of ", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_SameSeed_SameTextAndSpans_OtherSeedDiffers()
    {
        var first = CorpusGenerator.Compose(Fixture, seed: 3);
        var again = CorpusGenerator.Compose(Fixture, seed: 3);
        var other = CorpusGenerator.Compose(Fixture, seed: 4);

        Assert.Equal(first.Select(n => n.Note.Text), again.Select(n => n.Note.Text));
        Assert.Equal(first.SelectMany(n => n.Note.Spans), again.SelectMany(n => n.Note.Spans));
        Assert.NotEqual(first.Select(n => n.Note.Text), other.Select(n => n.Note.Text));
    }

    [Fact]
    public void DevIds_ManyNotes_SeededSplitNearSeventyPercent()
    {
        var sources = Enumerable.Range(0, 100).Select(i => new SourceNote($"n{i}", "text", "", "", null)).ToList();

        var dev = CorpusGenerator.DevIds(sources, seed: 1);

        Assert.Equal(70, dev.Count);
        Assert.Equal(dev, CorpusGenerator.DevIds(sources, seed: 1));
        Assert.NotEqual(dev, CorpusGenerator.DevIds(sources, seed: 2));
    }
}
