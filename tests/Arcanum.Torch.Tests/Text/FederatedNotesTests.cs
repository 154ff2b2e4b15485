using Arcanum.Torch.Text;

namespace Arcanum.Torch.Tests.Text;

/// <summary>A note generator trained across two sites in process: it learns both sites' notes, and its card's scores are the model's own.</summary>
public sealed class FederatedNotesTests
{
    private static readonly string[] Sites = ["north", "south"];

    private static List<(string, IReadOnlyList<string>)> TwoSites() =>
    [
        ("north", [.. NoteGeneratorTests.Corpus()]),
        ("south", [.. Enumerable.Range(0, 40).Select(i => $"HPI: {20 + i % 7} year old with cough for {1 + i % 3} days.")]),
    ];

    [Fact]
    public void Fit_two_sites_learns_both_and_the_card_scores_each_sites_held_out_notes_and_pools_them_exactly()
    {
        var sites = TwoSites();
        var rounds = new List<NoteRoundScore>();
        using var model = FederatedNotes.Fit(sites, NoteGeneratorTests.Tiny, "fedavg", rounds: 6, localSteps: 60,
            progress: new Progress(rounds));

        var card = model.Card;
        var federation = card.Federation!;
        Assert.Equal(6, rounds.Count);
        Assert.Equal(360, card.Steps);
        Assert.Equal(Sites, federation.Sites.Select(s => s.Name));
        Assert.True(rounds[^1].PooledBitsPerByte < rounds[0].PooledBitsPerByte, $"{rounds[0].PooledBitsPerByte} -> {rounds[^1].PooledBitsPerByte}");
        // Each site's figure is the returned model scored on that site's held-out notes (its split, by its seed).
        var (bits, tokens) = (0.0, 0L);
        for (var i = 0; i < sites.Count; i++)
        {
            var (_, held) = NoteGenerator.Split(sites[i].Item2, NoteGeneratorTests.Tiny.HoldoutFraction, NoteSite.SeedOf(NoteGeneratorTests.Tiny.Seed, sites[i].Item1));
            var site = federation.Sites[i];
            Assert.Equal(held.Count, site.HeldOutNotes);
            Assert.Equal(sites[i].Item2.Count - held.Count, site.TrainingNotes);
            var own = model.BitsPerByte(held);
            Assert.Equal(own, site.HeldOutBitsPerByte!.Value, 3);
            Assert.True(own < 2.5, $"{site.Name}: {own} bits/byte");   // both templates learned by one model
            // Scored as one stream of the held-out notes: every token after the first is predicted.
            var count = held.Sum(n => NoteTokens.Note(n).Length) - 1;
            bits += own * count;
            tokens += count;
        }
        Assert.Equal(bits / tokens, card.HeldOutBitsPerByte!.Value, 3);
        Assert.Null(card.Privacy);
        Assert.StartsWith("HPI: ", model.Generate("HPI: ", 1, maxBytes: 10, seed: 2)[0]);
    }

    [Fact]
    public void Fit_with_dp_spends_each_sites_budget_over_every_round_and_the_card_keeps_the_largest()
    {
        var options = NoteGeneratorTests.Tiny with { Privacy = new NotePrivacy(4) };
        using var model = FederatedNotes.Fit(TwoSites(), options, "fedavg", rounds: 3, localSteps: 10);

        var spent = model.Card.Privacy!;
        Assert.InRange(spent.Epsilon, 3.0, 4.0);
        Assert.Equal(30, spent.Steps);   // one account over all of a site's rounds
        Assert.All(model.Card.Federation!.Sites, s => Assert.InRange(s.Epsilon!.Value, 3.0, 4.0));
        Assert.Equal(spent.Epsilon, model.Card.Federation.Sites.Max(s => s.Epsilon!.Value), 4);
    }

    [Fact]
    public void Fit_refuses_one_site_a_site_too_small_to_train_and_an_algorithm_it_cannot_run()
    {
        Assert.Contains("at least 2 sites", Assert.Throws<ArgumentException>(() =>
            FederatedNotes.Fit([("north", NoteGeneratorTests.Corpus())], NoteGeneratorTests.Tiny, "fedavg", 1, 1)).Message);
        var small = Assert.Throws<ArgumentException>(() =>
            FederatedNotes.Fit([("north", NoteGeneratorTests.Corpus()), ("tiny", ["a", "b", "c"])], NoteGeneratorTests.Tiny, "fedavg", 1, 1));
        Assert.StartsWith("Site 'tiny':", small.Message);
        Assert.Contains("fedavg, fedavgm", Assert.Throws<ArgumentException>(() => FederatedNotes.Fit(TwoSites(), NoteGeneratorTests.Tiny, "fedprox", 1, 1)).Message);
    }

    private sealed class Progress(List<NoteRoundScore> rounds) : IProgress<NoteRoundScore>
    {
        public void Report(NoteRoundScore value) => rounds.Add(value);
    }
}
