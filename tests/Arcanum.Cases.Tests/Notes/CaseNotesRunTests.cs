using Arcanum.Cases.Knowledge;
using Arcanum.Cases.Notes;
using Arcanum.Cases.Simulation;
using Arcanum.Cases.Tests.Support;
using Arcanum.Deid;
using Arcanum.Deid.Text.Learned;

namespace Arcanum.Cases.Tests.Notes;

/// <summary>The whole run on simulated cases: the folder, the gold file deid reads, and what bad input leaves behind.</summary>
public sealed class CaseNotesRunTests
{
    private static (string Cases, string Kb) Inputs(TempDir dir, int count = 40, int seed = 1)
    {
        var kb = NotesKb.Create();
        KnowledgeBaseFile.Write(kb, dir.Sub("kb.json"));
        var compiled = new CompiledKnowledgeBase(kb);
        CaseCsvWriter.Write(compiled, new CaseSimulator(compiled).Simulate(count, (ulong)seed), dir.Sub("cases.csv"));
        return (dir.Sub("cases.csv"), dir.Sub("kb.json"));
    }

    private static CaseNotesOptions Options(TempDir dir, string output, int seed = 7, int? limit = null) =>
        new() { Cases = dir.Sub("cases.csv"), KnowledgeBase = dir.Sub("kb.json"), Output = dir.Sub(output), Seed = seed, Limit = limit };

    [Fact]
    public void Run_SimulatedCases_OneNotePerCaseAndGoldSpansOnTheSurrogates()
    {
        // Given
        using var dir = new TempDir();
        Inputs(dir);

        // When
        var summary = CaseNotesRun.Run(Options(dir, "notes"));

        // Then
        var notes = Directory.GetFiles(dir.Sub("notes"), "*.txt");
        Assert.Equal(40, notes.Length);
        Assert.Equal(40, summary.Notes);
        var gold = SpansJsonl.Read(dir.Sub("notes/" + CaseNotesRun.GoldFile)).ToList();
        Assert.Equal(summary.TotalSpans, gold.Count);
        Assert.Equal(40, gold.Select(g => g.File).Distinct().Count());
        foreach (var span in gold)
        {
            var text = File.ReadAllText(dir.Sub("notes/" + span.File));
            Assert.True(span.End <= text.Length);
            Assert.Equal(text[span.Start..span.End].Trim(), text[span.Start..span.End]);
        }
        Assert.True(File.Exists(dir.Sub("notes/" + CaseNotesRun.ManifestFile)));
    }

    [Fact]
    public void Run_SameSeed_SameBytes_LimitGivesTheFirstNotes()
    {
        using var dir = new TempDir();
        Inputs(dir);

        CaseNotesRun.Run(Options(dir, "a"));
        CaseNotesRun.Run(Options(dir, "b"));
        CaseNotesRun.Run(Options(dir, "c", limit: 5));

        Assert.Equal(File.ReadAllBytes(dir.Sub("a/gold.jsonl")), File.ReadAllBytes(dir.Sub("b/gold.jsonl")));
        Assert.Equal(File.ReadAllText(dir.Sub("a/case-17.txt")), File.ReadAllText(dir.Sub("b/case-17.txt")));
        Assert.Equal(5, Directory.GetFiles(dir.Sub("c"), "*.txt").Length);
        Assert.Equal(File.ReadAllText(dir.Sub("a/case-5.txt")), File.ReadAllText(dir.Sub("c/case-5.txt")));
    }

    [Fact]
    public void Run_CaseWithUnknownDiseaseLate_ThrowsAndWritesNothing()
    {
        using var dir = new TempDir();
        var (cases, _) = Inputs(dir);
        File.AppendAllText(cases, "41,50,F,Malaria,\"['fever']\"\n");

        var e = Assert.Throws<CasesException>(() => CaseNotesRun.Run(Options(dir, "notes")));

        Assert.Contains("row 41: disease 'Malaria'", e.Message);
        Assert.False(Directory.Exists(dir.Sub("notes")));
        Assert.Equal(["cases.csv", "kb.json"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Run_NonEmptyOutput_RefusedWithoutForce_ReplacedWithForce()
    {
        using var dir = new TempDir();
        Inputs(dir);
        CaseNotesRun.Run(Options(dir, "notes", limit: 3));
        Directory.CreateDirectory(dir.Sub("other"));
        File.WriteAllText(dir.Sub("other/keep.txt"), "mine");

        var refused = Assert.Throws<CasesException>(() => CaseNotesRun.Run(Options(dir, "notes")));
        var notOurs = Assert.Throws<CasesException>(() => CaseNotesRun.Run(Options(dir, "other") with { Force = true }));
        CaseNotesRun.Run(Options(dir, "notes") with { Force = true });

        Assert.Contains("--force", refused.Message);
        Assert.Contains(CaseNotesRun.ManifestFile, notOurs.Message);
        Assert.Equal("mine", File.ReadAllText(dir.Sub("other/keep.txt")));
        Assert.Equal(40, Directory.GetFiles(dir.Sub("notes"), "*.txt").Length);
    }

    [Fact]
    public void Run_MissingKnowledgeBase_Throws()
    {
        using var dir = new TempDir();
        Inputs(dir);

        var e = Assert.Throws<CasesException>(() => CaseNotesRun.Run(Options(dir, "notes") with { KnowledgeBase = dir.Sub("none.json") }));

        Assert.Contains("does not exist", e.Message);
        Assert.False(Directory.Exists(dir.Sub("notes")));
    }

    [Fact]
    public void DeidTrain_OnGeneratedNotes_TaggerFindsNamesInAHeldOutNote()
    {
        // Given: 150 labelled notes to train on, and held-out notes from other cases and another seed (other names).
        using var dir = new TempDir();
        Inputs(dir, count: 150);
        CaseNotesRun.Run(Options(dir, "train", seed: 1));
        Inputs(dir, count: 5, seed: 9);
        CaseNotesRun.Run(Options(dir, "test", seed: 2));

        // When
        var tagger = TaggerTrainingRun.Run(new TaggerTrainingOptions
        {
            Input = dir.Sub("train"), Gold = dir.Sub("train/gold.jsonl"), Output = dir.Sub("model"), Epochs = 3,
        });

        // Then: most patient and clinician names of the held-out notes are found (overlap, as deid evaluate's lenient rule).
        var gold = SpansJsonl.Read(dir.Sub("test/gold.jsonl")).Where(s => s.Type == PhiType.Name).ToList();
        var found = gold.GroupBy(g => g.File).Sum(note =>
        {
            var predicted = tagger.Tag(File.ReadAllText(dir.Sub("test/" + note.Key)));
            return note.Count(g => predicted.Any(p => p.Overlaps(g.Span)));
        });
        Assert.True(gold.Count >= 20, $"{gold.Count} gold names");
        Assert.True(found >= 0.8 * gold.Count, $"{found} of {gold.Count} names found");
    }
}
