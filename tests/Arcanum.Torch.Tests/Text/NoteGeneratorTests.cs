using Arcanum.Torch.Text;

namespace Arcanum.Torch.Tests.Text;

/// <summary>The note generator on a tiny corpus of templated notes: it learns them, samples from a prompt, and is reproducible.</summary>
public sealed class NoteGeneratorTests
{
    private static readonly string[] Drugs = ["metformin", "lisinopril", "atorvastatin", "insulin"];

    internal static List<string> Corpus() => [.. Enumerable.Range(0, 60).Select(i => $"PLAN: continue {Drugs[i % 4]} {10 * (1 + i % 5)} mg daily.")];

    internal static readonly NoteTrainingOptions Tiny = new()
    {
        Shape = new NoteModelShape(Width: 32, Layers: 1, Heads: 2, Context: 32),
        Steps = 250,
        BatchSize = 8,
        LearningRate = 3e-3,
        Warmup = 20,
        HoldoutFraction = 0.2,
        Seed = 3,
    };

    [Fact]
    public void Fit_TemplatedNotes_HeldOutNotesCostFarLessThanRandomBytes_AndSamplesFollowThePrompt()
    {
        using var model = NoteGenerator.Fit(Corpus(), Tiny);

        // Random bytes would cost log2(258) = 8 bits each; the template leaves only the drug and the dose to guess.
        Assert.NotNull(model.Card.HeldOutBitsPerByte);
        Assert.True(model.Card.HeldOutBitsPerByte < 2.0, $"held-out bits/byte {model.Card.HeldOutBitsPerByte}");
        Assert.Equal(48, model.Card.TrainingNotes);
        Assert.Equal(12, model.Card.HeldOutNotes);
        var notes = model.Generate("PLAN: continue ", 8, maxBytes: 40, temperature: 0.5, seed: 5);
        Assert.All(notes, n => Assert.StartsWith("PLAN: continue ", n));
        // A model this small misspells drugs, but it has learned the shape: a dose, then "daily".
        Assert.True(notes.Count(n => n.Contains("daily", StringComparison.Ordinal)) >= 6, string.Join(" | ", notes));
    }

    [Fact]
    public void Fit_SameOptions_SameModel_AndSavedModelSamplesTheSameNotes()
    {
        using var first = NoteGenerator.Fit(Corpus(), Tiny with { Steps = 30 });
        using var second = NoteGenerator.Fit(Corpus(), Tiny with { Steps = 30 });
        var dir = Directory.CreateTempSubdirectory("arcanum-notes-").FullName;
        try
        {
            first.Save(dir);
            using var loaded = NoteGenerator.Load(dir);

            var expected = first.Generate("PLAN:", 3, maxBytes: 20, seed: 9);
            Assert.Equal(expected, second.Generate("PLAN:", 3, maxBytes: 20, seed: 9));
            Assert.Equal(expected, loaded.Generate("PLAN:", 3, maxBytes: 20, seed: 9));
            Assert.NotEqual(expected, first.Generate("PLAN:", 3, maxBytes: 20, seed: 10));
            Assert.Equal(first.Card.HeldOutBitsPerByte, loaded.Card.HeldOutBitsPerByte);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Generate_WithAndWithoutTheCache_SameNotes_AcrossEndsAndWindowSlides()
    {
        using var model = NoteGenerator.Fit(Corpus(), Tiny);

        // A hot temperature gives notes of many lengths: rows leave the batch at different steps, and the long ones
        // outgrow the context of 32 bytes so the window slides (and the cache is rebuilt) at least once.
        var cached = model.Generate("PLAN: continue ", 8, maxBytes: 80, temperature: 1.3, seed: 4);
        var plain = model.Generate("PLAN: continue ", 8, maxBytes: 80, temperature: 1.3, seed: 4, useCache: false);

        Assert.Equal(plain, cached);
        Assert.True(cached.Max(n => n.Length) > 40, string.Join(" | ", cached));
        Assert.True(cached.Select(n => n.Length).Distinct().Count() > 1, string.Join(" | ", cached));
        // A prompt longer than the context starts with a slid window.
        var prompt = "PLAN: continue metformin 10 mg daily. PLAN: continue ";
        Assert.Equal(model.Generate(prompt, 3, maxBytes: 30, seed: 6, useCache: false), model.Generate(prompt, 3, maxBytes: 30, seed: 6));
    }

    [Fact]
    public void Fit_LessTextThanOneWindow_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => NoteGenerator.Fit(["short", "notes"], Tiny with { HoldoutFraction = 0 }));
        Assert.Contains("needs more than its context", e.Message);
    }

    [Fact]
    public void Tokens_AnyPromptEncodes_AndDecodeDropsStartAndEnd()
    {
        var ids = NoteTokens.Note("Müller, 5 mg");
        Assert.Equal(NoteTokens.Start, ids[0]);
        Assert.Equal(NoteTokens.End, ids[^1]);
        Assert.Equal("Müller, 5 mg", NoteTokens.Decode(ids));
    }
}
