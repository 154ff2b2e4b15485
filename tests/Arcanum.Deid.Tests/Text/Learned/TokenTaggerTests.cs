using Arcanum.Deid.Text;
using Arcanum.Deid.Text.Learned;

namespace Arcanum.Deid.Tests.Text.Learned;

/// <summary>
/// The learned tagger on notes made here: places named with ordinary words ("Harbor View ED"), the kind the rules
/// let through, written in a few sentence patterns with unlabelled look-alikes ("the ED", "Walked to the Clinic").
/// </summary>
public sealed class TokenTaggerTests
{
    private static readonly (string, string)[] TrainingPlaces =
    [
        ("Harbor", "View"), ("Mercy", "West"), ("Maple", "Grove"), ("River", "Bend"), ("Cedar", "Ridge"),
        ("Oak", "Park"), ("Pine", "Valley"), ("Lake", "Shore"), ("Stone", "Bridge"), ("Green", "Field"),
        ("Eagle", "Point"), ("Spring", "Hill"), ("North", "Gate"), ("Willow", "Creek"), ("Bay", "Side"),
    ];

    private static readonly (string, string)[] NewPlaces = [("Silver", "Lake"), ("Fox", "Run"), ("Golden", "Meadow"), ("Rock", "Harbour")];

    private static readonly string[] Patterns =
    [
        "Transferred to {0} ED for CT of the head.",
        "Follow up at {0} Clinic in two weeks with labs.",
        "She was seen in the {0} ED overnight and given fluids.",
        "Records requested from {0} Clinic; patient agrees.",
    ];

    private static readonly string[] Distractors =
    [
        "Seen in the ED overnight, stable.",
        "Walked to the Clinic without help.",
        "Plan: Continue Lisinopril and recheck in Two weeks.",
        "Follow up in Clinic as needed.",
    ];

    private static List<LabelledNote> Notes((string, string)[] places)
    {
        var notes = new List<LabelledNote>();
        foreach (var (a, b) in places)
            foreach (var pattern in Patterns)
            {
                var place = $"{a} {b}";
                var distractor = Distractors[notes.Count % Distractors.Length];
                var text = distractor + " " + string.Format(pattern, place);
                var start = text.IndexOf(place, StringComparison.Ordinal);
                notes.Add(new LabelledNote(text, [new PhiSpan(start, start + place.Length, PhiType.Location)]));
            }
        return notes;
    }

    private static bool Finds(IReadOnlyList<PhiSpan> spans, PhiSpan gold) => spans.Any(s => s.Overlaps(gold));

    [Fact]
    public void Train_PlacesNamedWithOrdinaryWords_TaggerFindsNewOnesTheRulesMiss()
    {
        // Given a tagger trained on 15 such places
        var tagger = TaggerTraining.Train(Notes(TrainingPlaces), epochs: 8, seed: 1);
        var test = Notes(NewPlaces);
        var rules = new PhiDetector();
        var both = new PhiDetector(tagger);

        // When / Then: the rules miss some places made of ordinary words; with the tagger none is missed
        var missedByRules = test.Count(n => !Finds(rules.Detect(n.Text), n.Gold[0]));
        Assert.True(missedByRules > 0, "precondition: the rules miss some of these places");
        Assert.All(test, n => Assert.True(Finds(both.Detect(n.Text), n.Gold[0]), n.Text));
        // and the tagger leaves the look-alikes alone
        foreach (var distractor in Distractors) Assert.Empty(tagger.Tag(distractor));
    }

    [Fact]
    public void Tag_RunOfTokensWithOneLabel_IsOneSpanCoveringThePlace()
    {
        var tagger = TaggerTraining.Train(Notes(TrainingPlaces), epochs: 8, seed: 1);
        const string text = "Transferred to Silver Lake ED for CT of the head.";

        var span = Assert.Single(tagger.Tag(text));

        Assert.Equal("Silver Lake", text[span.Start..span.End]);
        Assert.Equal(PhiType.Location, span.Type);
    }

    [Fact]
    public void Train_NameOutsideThePublicWordLists_LeavesNoTraceInTheModel()
    {
        // Given notes naming a patient whose name is in no word list, beside places named with public words
        var notes = Enumerable.Range(0, 12).Select(i =>
        {
            var text = $"Zorblat Quenwick was seen on day {i}. Zorblat Quenwick tolerated diet.";
            var second = text.LastIndexOf("Zorblat", StringComparison.Ordinal);
            return new LabelledNote(text, [new PhiSpan(0, 16, PhiType.Name), new PhiSpan(second, second + 16, PhiType.Name)]);
        }).Concat(Notes(TrainingPlaces)).ToList();
        using var dir = new TempFolder();

        // When
        var tagger = TaggerTraining.Train(notes, epochs: 3, seed: 1);
        tagger.Save(dir.Path);

        // Then the model has no feature for the words themselves, and its files do not hold them
        Assert.True(tagger.Features > 0);
        Assert.False(tagger.HasFeature(TaggerFeatures.WordHash("Zorblat")));
        Assert.False(tagger.HasFeature(TaggerFeatures.WordHash("Quenwick")));
        Assert.True(tagger.HasFeature(TaggerFeatures.WordHash("Harbor")), "a word of the public lists does get its own feature");
        foreach (var file in Directory.GetFiles(dir.Path))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("Zorblat"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("zorblat"u8));
        }
    }

    [Fact]
    public void Train_SameNotesAndSeed_WritesTheSameWeights_SaveLoadTagsAlike()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = TaggerTraining.Train(Notes(TrainingPlaces), epochs: 4, seed: 7);
        TaggerTraining.Train(Notes(TrainingPlaces), epochs: 4, seed: 7).Save(b.Path);
        first.Save(a.Path);

        Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, TokenTagger.WeightsFile)), File.ReadAllBytes(Path.Combine(b.Path, TokenTagger.WeightsFile)));
        var loaded = TokenTagger.Load(a.Path);
        foreach (var note in Notes(NewPlaces)) Assert.Equal(first.Tag(note.Text), loaded.Tag(note.Text));
        Assert.Equal(60, loaded.Card.Notes);
        Assert.Equal(60, loaded.Card.Spans["LOCATION"]);
    }

    [Fact]
    public void Load_TruncatedWeights_SaysSo()
    {
        using var dir = new TempFolder();
        TaggerTraining.Train(Notes(TrainingPlaces), epochs: 1, seed: 1).Save(dir.Path);
        var weights = Path.Combine(dir.Path, TokenTagger.WeightsFile);
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..^5]);

        var e = Assert.Throws<DeidInputException>(() => TokenTagger.Load(dir.Path));

        Assert.Contains("truncated or damaged", e.Message);
    }

    [Theory]
    [InlineData("a 28 year old", "28", PhiType.Age, null)]
    [InlineData("a 93 year old", "93", PhiType.Age, PhiType.Age)]
    [InlineData("BP 150/100 today", "150", PhiType.Phone, null)]
    [InlineData("call 555-0199 now", "555-0199", PhiType.Phone, PhiType.Phone)]
    [InlineData("hello , dr . gonzalez .", "dr . gonzalez", PhiType.Email, PhiType.Name)]
    [InlineData("mail j.doe@x.org today", "j.doe@x.org", PhiType.Email, PhiType.Email)]
    [InlineData("see www.x.org today", "www.x.org", PhiType.Url, PhiType.Url)]
    [InlineData("at 12 Elm Rd today", "12 Elm Rd", PhiType.Url, PhiType.Id)]
    public void Checked_GuessAgainstTheTypesDefinition_KeptRetypedOrDropped(string text, string part, PhiType guessed, PhiType? expected)
    {
        var start = text.IndexOf(part, StringComparison.Ordinal);

        var checkedSpan = TokenTagger.Checked(text, new PhiSpan(start, start + part.Length, guessed));

        Assert.Equal(expected, checkedSpan?.Type);
    }

    [Fact]
    public void Train_GoldWithoutAnySpan_IsRefused()
    {
        var e = Assert.Throws<DeidInputException>(() => TaggerTraining.Train([new LabelledNote("Nothing here.", [])]));
        Assert.Contains("nothing to learn", e.Message);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("arcanum-tagger-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
