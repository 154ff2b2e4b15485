using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Engine;

/// <summary>AsynDGAN's epoch over a scripted transport: who is asked, how answers weigh, and what a dropout or a bad answer does.</summary>
public sealed class GanWorkflowTests
{
    private const int Area = 4;   // 2 x 2 images

    [Fact]
    public void An_epoch_weighs_each_answer_by_its_sites_share_of_the_images_and_folds_them_in_the_participants_order()
    {
        // Given three sites with 8, 4 and 4 slices, batches of 2: an epoch of ⌈16 / 6⌉ = 3 steps
        var transport = new ScriptedTransport("a", "b", "c") { AutoAnswer = w => Answer(w, value: w.Site[0]) };
        var server = new RecordingServer();

        var totals = Run(transport, server, minSites: 3);

        // Then every step asked every site for its own batch, and the generator stepped on all three, weighed 1/2, 1/4, 1/4
        Assert.Equal(3, totals.Steps);
        Assert.Equal(9, transport.Sent.Count);
        Assert.All(server.Applied, step =>
        {
            Assert.Equal(["a", "b", "c"], step.Select(s => s.Site));
            Assert.Equal([0.5, 0.25, 0.25], step.Select(s => s.Weight));
            Assert.All(step, s => Assert.All(s.Gradient, g => Assert.Equal(s.Site[0], g)));
        });
        Assert.Equal(0, totals.MissedAnswers);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 6, ["b"] = 6, ["c"] = 6 }, totals.Images);
        Assert.Equal(9L * 2 * 2 * Area * sizeof(float), totals.BytesMoved);
        Assert.Equal(0.25, totals.L1, 9);
    }

    [Fact]
    public async Task Answers_arriving_in_any_order_are_folded_in_the_participants_order()
    {
        // Given one step (4 slices each, batches of 4), answered c, then b, then a
        var transport = new ScriptedTransport("a", "b", "c");
        var server = new RecordingServer();
        var epoch = new GanWorkflow(transport).EpochAsync(Job(minSites: 3, batch: 4), server, [Site("a", 4), Site("b", 4), Site("c", 4)], 1, CancellationToken.None);
        await transport.SentAsync(3);
        foreach (var site in new[] { "c", "b", "a" })
            Assert.Null(await transport.AnswerAsync(site, Answer(transport.Sent.Last(w => w.Site == site), site[0])));
        await epoch;

        Assert.Equal(["a", "b", "c"], server.Applied.Single().Select(s => s.Site));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1e20f)]
    public void A_gradient_that_is_not_finite_or_far_too_large_is_refused_and_never_reaches_the_generator(float bad)
    {
        var transport = new ScriptedTransport("a", "b", "c") { AutoAnswer = w => Answer(w, w.Site == "b" ? bad : 1) };
        var server = new RecordingServer();

        var totals = Run(transport, server, minSites: 2);

        Assert.All(server.Applied, step => Assert.Equal(["a", "c"], step.Select(s => s.Site)));
        Assert.Equal(3, totals.MissedAnswers);
    }

    [Fact]
    public void A_generator_that_makes_non_finite_images_stops_the_job_with_the_reason()
    {
        var transport = new ScriptedTransport("a", "b", "c") { AutoAnswer = w => Answer(w, 1) };

        var error = Assert.Throws<TrainingDivergedException>(() => Run(transport, new RecordingServer { Value = float.NaN }, minSites: 3));

        Assert.Contains("synthesis.lr", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, new long[] { 0, 1 }, 0.5f, "epochs 1 to 2")]
    [InlineData(3, new long[] { 0, 1 }, 0.5f, "epochs 1 to 2")]
    [InlineData(1, new long[] { 0, 1, 2 }, 0.5f, "synthesis.batch_size is 2")]
    [InlineData(1, new long[] { 1, 1 }, 0.5f, "more than once")]
    [InlineData(1, new long[] { 0, 8 }, 0.5f, "beyond this site's 8")]
    [InlineData(1, new long[] { 0, 1 }, 1.5f, "outside [-1, 1]")]
    [InlineData(1, new long[] { 0, 1 }, float.NaN, "outside [-1, 1]")]
    public void A_site_refuses_a_step_no_honest_server_sends(int epoch, long[] indices, float value, string expected)
    {
        var generated = Enumerable.Repeat(value, indices.Length * Area).ToArray();

        var error = Assert.Throws<FormatException>(() => GanWorkflow.CheckTask(Job(minSites: 1, batch: 2), epoch, indices, generated, slices: 8));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_takes_an_honest_step()
    {
        GanWorkflow.CheckTask(Job(minSites: 1, batch: 2), 2, [7, 0], [-1f, 1f, 0f, 0.5f, -0.25f, 0f, 1f, -1f], slices: 8);
    }

    [Fact]
    public void A_site_that_has_left_gets_no_task_and_the_others_keep_their_batches_with_their_weights_renormalised()
    {
        var all = new ScriptedTransport("a", "b", "c") { AutoAnswer = w => Answer(w, 1) };
        Run(all, new RecordingServer(), minSites: 2);
        var without = new ScriptedTransport("a", "b", "c") { AutoAnswer = w => Answer(w, 1) };
        without.Leave("c");
        var server = new RecordingServer();

        var totals = Run(without, server, minSites: 2);

        Assert.DoesNotContain(without.Sent, w => w.Site == "c");
        Assert.Equal(3, totals.MissedAnswers);
        Assert.All(server.Applied, step => Assert.Equal([2 / 3.0, 1 / 3.0], step.Select(s => s.Weight)));
        // The walk through a site's slices does not depend on who else answers.
        Assert.Equal(Batches(all, "a"), Batches(without, "a"));
        Assert.Equal(Batches(all, "b"), Batches(without, "b"));
    }

    [Fact]
    public void A_malformed_answer_is_refused_and_the_step_goes_on_with_the_others()
    {
        // Given a site whose gradient has the wrong size
        var transport = new ScriptedTransport("a", "b", "c")
        {
            AutoAnswer = w => w.Site == "b" ? Answer(w, 1, length: 3) : Answer(w, 1),
        };
        var server = new RecordingServer();

        var totals = Run(transport, server, minSites: 2);

        Assert.Equal(3, totals.Steps);
        Assert.Equal(3, totals.MissedAnswers);
        Assert.All(server.Applied, step => Assert.Equal(["a", "c"], step.Select(s => s.Site)));
        Assert.Equal(0, totals.Images["b"]);
    }

    [Fact]
    public async Task A_site_silent_past_the_deadline_is_skipped_for_that_step()
    {
        // Given one step (4 slices each, batches of 4) and a site that never answers
        var transport = new ScriptedTransport("a", "b") { AutoAnswer = w => w.Site == "a" ? Answer(w, 1) : null };
        var server = new RecordingServer();
        var job = Job(minSites: 1, batch: 4);
        var epoch = new GanWorkflow(transport).EpochAsync(job, server, [Site("a", 4), Site("b", 4)], 1, CancellationToken.None);
        await transport.SentAsync(2);
        Assert.False(epoch.IsCompleted);

        // When its deadline passes
        transport.FakeClock.Advance(TimeSpan.FromSeconds(job.RoundTimeoutS + 1));
        var totals = await epoch;

        // Then the generator stepped on the site that answered, alone and at full weight
        Assert.Equal([("a", 1.0)], server.Applied.Single().Select(s => (s.Site, s.Weight)));
        Assert.Equal(1, totals.MissedAnswers);
    }

    [Fact]
    public async Task Fewer_sites_online_than_min_sites_fails_the_epoch_after_round_timeout_s()
    {
        var transport = new ScriptedTransport("a", "b") { AutoAnswer = w => Answer(w, 1) };
        transport.Leave("b");
        var job = Job(minSites: 2, batch: 4);
        var epoch = new GanWorkflow(transport).EpochAsync(job, new RecordingServer(), [Site("a", 4), Site("b", 4)], 1, CancellationToken.None);
        transport.FakeClock.Advance(TimeSpan.FromSeconds(job.RoundTimeoutS + 1));

        var error = await Assert.ThrowsAsync<JobSpecException>(() => epoch);
        Assert.Contains("min_sites", error.Message, StringComparison.Ordinal);
    }

    private static GanEpochTotals Run(ScriptedTransport transport, RecordingServer server, int minSites) =>
        new GanWorkflow(transport).EpochAsync(Job(minSites, batch: 2), server, [Site("a", 8), Site("b", 4), Site("c", 4)], 1, CancellationToken.None).GetAwaiter().GetResult();

    private static JobSpec Job(int minSites, int batch) => new()
    {
        Data = "lgg", Task = JobSpec.ImageSynthesisTask, Rounds = 2, MinSites = minSites, RoundTimeoutS = 30,
        Synthesis = new SynthesisJobOptions { BatchSize = batch },
    };

    private static GanConditions Site(string name, int count) => new(name, count, new float[count * 2 * Area]);

    private static List<float[]> Batches(ScriptedTransport transport, string site) =>
        [.. transport.Sent.Where(w => w.Site == site).Select(w => w.Task.Global[GanWorkflow.Indices].Data)];

    /// <summary>A site's answer: a gradient of <paramref name="value"/> (of the size sent, or <paramref name="length"/>) and losses 0.5, 0.7, 0.25.</summary>
    private static SiteAnswer Answer(SiteWork work, float value, int? length = null)
    {
        var generated = work.Task.Global[GanWorkflow.Generated];
        var n = length ?? generated.Data.Length;
        var weights = new ModelWeights([new NamedArray(GanWorkflow.Gradient, [n], Enumerable.Repeat(value, n).ToArray()), new NamedArray(GanWorkflow.Losses, [3], [0.5f, 0.7f, 0.25f])]);
        return new SiteAnswer(work.Site, new RoundResult(work.Site, generated.Shape[0], weights, null, 1), 0.7, "");
    }

    /// <summary>A generator that makes images of <see cref="Value"/> and records every step's answers.</summary>
    private sealed class RecordingServer : IGanServer
    {
        public List<List<(string Site, float[] Gradient, double Weight)>> Applied { get; } = [];

        public float Value { get; init; }

        public void BeginEpoch(int epoch)
        {
        }

        public float[] Generate(string site, long[] indices) => Enumerable.Repeat(Value, indices.Length * Area).ToArray();

        public void Apply(IReadOnlyList<(string Site, float[] Gradient, double Weight)> answers) => Applied.Add([.. answers]);

        public void SaveState(string folder)
        {
        }

        public void LoadState(string folder)
        {
        }

        public void Dispose()
        {
        }
    }
}
