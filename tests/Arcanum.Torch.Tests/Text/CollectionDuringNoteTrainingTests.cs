using Arcanum.Torch.Tests.Support;
using Arcanum.Torch.Text;

namespace Arcanum.Torch.Tests.Text;

/// <summary>
/// The note model trains and samples while other threads allocate, so garbage collections start mid-call.
/// TorchSharp's AdamW, <c>a + b</c>, <c>arange</c>, <c>logits / temperature</c> and <c>masked_fill(mask, −∞)</c> hand
/// libtorch temporary Scalars that such a collection can free while libtorch reads them; a thread that collects
/// over and over makes that show within a short run.
/// </summary>
[Collection(GcPressure.Name)]
public sealed class CollectionDuringNoteTrainingTests
{
    [Fact]
    public void FitAndGenerate_WhileAnotherThreadCollects_Complete()
    {
        // Given templated notes and a thread that forces collections and runs finalizers over and over
        var notes = NoteGeneratorTests.Corpus();
        var collector = new CollectingThread();

        // When the model trains, scores its held-out notes and samples with and without its cache meanwhile
        NoteModelCard card;
        IReadOnlyList<string> cached, plain;
        using (collector)
        {
            using var model = NoteGenerator.Fit(notes, NoteGeneratorTests.Tiny with { Steps = 150 });
            card = model.Card;
            cached = model.Generate("PLAN: continue ", 8, maxBytes: 60, temperature: 1.3, seed: 4);
            plain = model.Generate("PLAN: continue ", 8, maxBytes: 60, temperature: 1.3, seed: 4, useCache: false);
        }

        // Then nothing libtorch read was freed under it: the loss is a number and both samplers wrote the same notes
        Assert.True(card.FinalTrainingLoss is { } f && double.IsFinite(f), $"final loss {card.FinalTrainingLoss}");
        Assert.True(card.HeldOutBitsPerByte is { } bits && double.IsFinite(bits), $"held-out bits/byte {card.HeldOutBitsPerByte}");
        Assert.Equal(8, cached.Count);
        Assert.All(cached, n => Assert.StartsWith("PLAN: continue ", n));
        Assert.Equal(plain, cached);
        Assert.True(collector.Collections > 100, $"only {collector.Collections} collections ran during training");
    }
}
