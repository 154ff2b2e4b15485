using Arcanum.Cases.Notes;
using Arcanum.Cases.Tests.Support;
using Arcanum.Deid;

namespace Arcanum.Cases.Tests.Notes;

/// <summary>Notes written from hand-made cases of a small knowledge base: spans, wording, determinism, bad cases.</summary>
public sealed class CaseNoteComposerTests
{
    private static List<CaseNote> Compose(int count, int seed)
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed);
        return [.. NotesKb.Cases(count).Select(composer.Compose)];
    }

    [Fact]
    public void Compose_Cases_EverySpanCoversExactlyItsSurrogate()
    {
        // Given / When
        var notes = Compose(30, seed: 7);

        // Then
        foreach (var note in notes)
        {
            var spans = note.Spans.OrderBy(s => s.Start).ToList();
            for (var i = 0; i < spans.Count; i++)
            {
                var text = note.Text[spans[i].Start..spans[i].End];
                Assert.False(string.IsNullOrWhiteSpace(text));
                Assert.Equal(text.Trim(), text);
                if (i > 0) Assert.True(spans[i - 1].End <= spans[i].Start, $"{note.File}: spans overlap");
            }
            // Every note names the patient and gives a birth date, a record number, a phone and an address.
            foreach (var type in new[] { PhiType.Name, PhiType.Date, PhiType.Mrn, PhiType.Phone, PhiType.Location, PhiType.Zip })
                Assert.Contains(note.Spans, s => s.Type == type);
        }
    }

    [Fact]
    public void Compose_HeaderLines_SpanIsTheValueAfterTheLabel()
    {
        var notes = Compose(20, seed: 3);

        foreach (var note in notes)
        {
            var mrn = Assert.Single(note.Spans, s => s.Type == PhiType.Mrn);
            var line = note.Text[..mrn.End].Split('\n')[^1];
            Assert.Matches(@"^(MRN|Medical Record #|MR#): $", line[..^mrn.Length]);
            Assert.Matches(@"^[0-9A-Z-]+$", note.Text[mrn.Start..mrn.End]);
        }
    }

    [Fact]
    public void Compose_Findings_PhrasedFromQuestionsAndLabels()
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed: 1);

        var flu = composer.Compose(NotesKb.Case(2, "Flu", "fever", "pain", "where_@_head", "where_@_back", "intensity_@_1"));
        var angina = composer.Compose(NotesKb.Case(3, "Angina", "pain", "where_@_chest", "intensity_@_3", "smoker"));

        Assert.Contains("has a fever", flu.Text);
        Assert.Contains("the forehead and back", flu.Text);
        Assert.Contains("How intense is the pain", flu.Text);
        Assert.Contains("Flu", flu.Text);
        Assert.Contains("smokes cigarettes", angina.Text);
        Assert.Contains("the chest", angina.Text);
        Assert.Contains("Angina", angina.Text);
        Assert.Equal("case-2.txt", flu.File);
    }

    [Fact]
    public void Compose_ManyCases_VariedHeadingsOpeningsAndOrder()
    {
        var notes = Compose(60, seed: 5);

        var headings = notes.Select(n => n.Text.Split("\n\n")[1].Split('\n')[0]).Distinct().Count();
        var openings = notes.Select(n => n.Text.Split("\n\n")[1].Split('\n')[1][..12]).Distinct().Count();
        var fluOrders = notes.Where((_, i) => i % 3 == 2)
            .Select(n => n.Text.IndexOf("fever", StringComparison.Ordinal) < n.Text.IndexOf("pain", StringComparison.Ordinal))
            .Distinct().Count();
        Assert.True(headings >= 3, $"{headings} history headings");
        Assert.True(openings >= 4, $"{openings} openings");
        Assert.Equal(2, fluOrders);
    }

    [Fact]
    public void Compose_SameSeed_SameNotes_OtherSeedDiffers()
    {
        var first = Compose(10, seed: 11);
        var again = Compose(10, seed: 11);
        var other = Compose(10, seed: 12);

        Assert.Equal(first, again, (a, b) => a.Text == b.Text && a.Spans.SequenceEqual(b.Spans));
        Assert.NotEqual(first.Select(n => n.Text), other.Select(n => n.Text));
    }

    [Fact]
    public void Compose_BirthDate_AgreesWithTheCaseAgeAtTheVisit()
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed: 4);

        foreach (var record in NotesKb.Cases(12))
        {
            var note = composer.Compose(record);
            var (birth, shortBirth) = Date(note, "DOB: ", "Date of Birth: ");
            var (visit, shortVisit) = Date(note, "Date of Service: ", "Visit date: ", "Seen: ");
            var age = visit.Year - birth.Year - (visit < birth.AddYears(visit.Year - birth.Year) ? 1 : 0);
            // A two-digit year ("03/04/27") names its century only by convention: compare the years within one.
            if (shortBirth || shortVisit) Assert.Equal(record.Age % 100, (age % 100 + 100) % 100);
            else Assert.Equal(record.Age, age);
        }
    }

    /// <summary>The date on the header line with one of these labels (header dates are numeric).</summary>
    private static (DateOnly Date, bool TwoDigitYear) Date(CaseNote note, params string[] labels)
    {
        var span = note.Spans.First(s => s.Type == PhiType.Date
            && labels.Any(l => note.Text[..s.Start].EndsWith("\n" + l, StringComparison.Ordinal)
                || note.Text[..s.Start] == l));
        var text = note.Text[span.Start..span.End];
        string[] formats = ["M/d/yyyy", "MM/dd/yy", "yyyy-MM-dd", "MM/dd/yyyy", "M-d-yyyy"];
        return (DateOnly.ParseExact(text, formats, System.Globalization.CultureInfo.InvariantCulture),
            System.Text.RegularExpressions.Regex.IsMatch(text, @"^\d\d/\d\d/\d\d$"));
    }

    [Fact]
    public void Compose_AgeOver89_TheNumberIsAnAgeSpan()
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed: 2);

        var note = composer.Compose(NotesKb.Case(1, "Common cold", "fever") with { Age = 93 });

        var ages = note.Spans.Where(s => s.Type == PhiType.Age).ToList();
        Assert.NotEmpty(ages);
        Assert.All(ages, a => Assert.Equal("93", note.Text[a.Start..a.End]));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(note.Text, @"\b93(?=-year| year| y/o|yo)"))
            Assert.Contains(new PhiSpan(m.Index, m.Index + 2, PhiType.Age), ages);
    }

    [Fact]
    public void Compose_YoungCase_NoAgeSpan()
    {
        var note = new CaseNoteComposer(NotesKb.Create(), seed: 2).Compose(NotesKb.Case(1, "Common cold", "fever"));

        Assert.DoesNotContain(note.Spans, s => s.Type == PhiType.Age);
        Assert.Contains("41", note.Text);
    }

    [Theory]
    [InlineData("Malaria", new[] { "fever" }, "disease 'Malaria' is not in the knowledge base")]
    [InlineData("Flu", new[] { "cough" }, "finding 'cough' is not in the knowledge base")]
    [InlineData("Flu", new[] { "pain", "where_@_knee" }, "'knee' is not an answer of finding 'where'")]
    [InlineData("Flu", new[] { "fever_@_1" }, "'1' is not an answer of finding 'fever'")]
    [InlineData("Flu", new[] { "pain", "intensity" }, "finding 'intensity' is categorical, so it needs an answer")]
    public void Compose_CaseTheKbDoesNotKnow_ThrowsNamingRowAndWhat(string disease, string[] evidences, string message)
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed: 1);

        var e = Assert.Throws<CasesException>(() => composer.Compose(NotesKb.Case(4, disease, evidences)));

        Assert.Contains("row 4", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Compose_IdThatCannotNameAFile_Throws()
    {
        var composer = new CaseNoteComposer(NotesKb.Create(), seed: 1);

        var e = Assert.Throws<CasesException>(() => composer.Compose(NotesKb.Case(1, "Flu", "fever") with { Id = "../x" }));

        Assert.Contains("names the note's file", e.Message);
    }
}
