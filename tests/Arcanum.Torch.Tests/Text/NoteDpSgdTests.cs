using Arcanum.Synthesis;
using Arcanum.Torch.Synthesis;
using Arcanum.Torch.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Tests.Text;

/// <summary>DP-SGD for the note generator: each note's gradient clipped on its own, the budget spent and recorded, the noise secret.</summary>
public sealed class NoteDpSgdTests
{
    [Fact]
    public void Without_noise_the_gradient_is_the_mean_of_each_notes_own_clipped_gradient()
    {
        TorchRuntime.EnsureLoaded();
        var shape = new NoteModelShape(Width: 16, Layers: 1, Heads: 2, Context: 32);
        NoteTransformer network;
        lock (TorchRuntime.RandomLock)
        {
            manual_seed(11);
            network = new NoteTransformer(shape);
        }
        using var _ = network;
        // Notes shorter than the context, so each is used whole and the windows are known.
        long[][] notes = [.. new[] { "a", "PLAN: rest.", "BP 120/80, HR 72.", "no known allergies", "metformin 500 mg" }.Select(NoteTokens.Note)];
        const double clip = 0.5;
        var parameters = network.parameters().ToArray();

        // The reference: one backward pass per note, clipped by hand.
        var expected = parameters.Select(p => zeros_like(p)).ToArray();
        var norms = new List<double>();
        foreach (var note in notes)
        {
            var window = tensor(note, [1, note.Length]);
            var logits = network.forward(window[.., ..^1]);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, NoteTokens.Vocabulary), window[.., 1..].reshape(-1));
            foreach (var p in parameters) p.grad?.zero_();
            loss.backward();
            var norm = Math.Sqrt(parameters.Sum(p => p.grad!.square().sum().item<float>()));
            norms.Add(norm);
            var factor = Math.Min(1, clip / (norm + 1e-6));
            for (var i = 0; i < parameters.Length; i++) expected[i].add_(parameters[i].grad! * factor);
        }
        Assert.Contains(norms, n => n > clip);   // the clip binds for some notes, so skipping it would show

        using var privacy = new DpSgd(parameters, new DifferentialPrivacy(1, 1e-5, clip), notes.Length, notes.Length, noiseMultiplier: 0, chunk: 64);
        var (_, count, tokens) = NoteTrainer.PrivateGradients(privacy, network, notes, CPU);

        Assert.Equal(notes.Length, count);   // sample rate 1: every note
        Assert.Equal(notes.Sum(n => n.Length - 1), tokens);
        for (var i = 0; i < parameters.Length; i++)
        {
            var difference = (parameters[i].grad! - expected[i] / notes.Length).abs().max().item<float>();
            Assert.True(difference < 1e-5, $"parameter {i}: {difference}");
        }
    }

    [Fact]
    public void A_dp_fit_spends_at_most_its_epsilon_records_it_and_does_not_repeat_from_its_seed()
    {
        var options = NoteGeneratorTests.Tiny with { Steps = 40, Privacy = new NotePrivacy(3) };
        using var first = NoteGenerator.Fit(NoteGeneratorTests.Corpus(), options);
        using var second = NoteGenerator.Fit(NoteGeneratorTests.Corpus(), options);

        var spent = first.Card.Privacy!;
        Assert.InRange(spent.Epsilon, 2.5, 3.0);
        Assert.Equal(40, spent.Steps);
        Assert.Equal(8.0 / 48, spent.SampleRate, 6);   // 48 training notes, 8 expected per step
        Assert.True(spent.NoiseMultiplier > 0.5, $"sigma {spent.NoiseMultiplier}");
        Assert.Contains("one training note", spent.Scope);
        Assert.Null(first.Card.StoppedEarly);
        // The noise and the sampling come from secret seeds: the same options give another model.
        Assert.NotEqual(first.Card.HeldOutBitsPerByte, second.Card.HeldOutBitsPerByte);
        using var plain = NoteGenerator.Fit(NoteGeneratorTests.Corpus(), NoteGeneratorTests.Tiny with { Steps = 5 });
        Assert.Null(plain.Card.Privacy);
    }

    [Fact]
    public void A_delta_not_below_one_over_the_notes_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => NoteGenerator.Fit(NoteGeneratorTests.Corpus(), NoteGeneratorTests.Tiny with { Privacy = new NotePrivacy(1, Delta: 0.05) }));
        Assert.Contains("not below 1/notes (1/48 training notes)", e.Message);
        Assert.Throws<ArgumentException>(() => NoteGenerator.Fit(NoteGeneratorTests.Corpus(), NoteGeneratorTests.Tiny with { Privacy = new NotePrivacy(0) }));
    }
}
