using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Engine;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Privacy;
using Arcanum.Federated.SecureAggregation;

namespace Arcanum.Federated.Tests.Engine;

/// <summary>Rounds with secure aggregation through the engine: the plain FedAvg model within the bound, with or without dropouts.</summary>
public sealed class SecureRoundTests
{
    private static readonly string[] Sites = ["a", "b", "c", "d", "e"];
    private static readonly Dictionary<string, (float[] Delta, long Samples)> Updates = new()
    {
        ["a"] = ([0.10f, -0.20f, 0.30f], 10),
        ["b"] = ([0.50f, 0.10f, -0.40f], 30),
        ["c"] = ([-0.30f, 0.20f, 0.05f], 20),
        ["d"] = ([0.25f, -0.15f, 0.10f], 40),
        ["e"] = ([-0.05f, 0.35f, -0.20f], 50),
    };

    private static readonly ModelWeights Global = new([new NamedArray("w", [3], [1f, 2f, 3f])]);

    private static JobSpec Job(int minSites = 3) => new() { Data = "d", MinSites = minSites, RoundTimeoutS = 60, SecureAggregation = true };

    /// <summary>A transport whose sites run the real site side of secure aggregation; <paramref name="drop"/> vanishes at <paramref name="at"/>.</summary>
    private static ScriptedTransport Transport(string? drop = null, SecureStage at = SecureStage.AdvertiseKeys, ClientDpOptions? clientDp = null) =>
        Transport(out _, drop, at, clientDp);

    /// <summary>As above; <paramref name="restart"/> restarts a site: it registers again and its secure state (keys, shares) is gone.</summary>
    private static ScriptedTransport Transport(out Action<string> restart, string? drop = null, SecureStage at = SecureStage.AdvertiseKeys,
        ClientDpOptions? clientDp = null)
    {
        var transport = new ScriptedTransport(Sites);
        var keys = Sites.ToDictionary(s => s, _ => AsymmetricSignatureKey.CreateEphemeral());
        var sites = Sites.ToDictionary(s => s, s => new SecureSite(s, keys[s], (peer, _) => keys[peer].PublicOnly(), clientDp: clientDp));
        transport.AutoAnswer = work =>
        {
            if (work.Site == drop && work.Secure is { } r && r.Stage >= at)
            {
                transport.Leave(work.Site);
                return null;
            }
            var site = sites[work.Site];
            if (work.Kind == WorkKind.Secure) return new SiteAnswer(work.Site, null, null, "", Secure: site.Handle(work.Secure!));
            var (delta, samples) = Updates[work.Site];
            var trained = new ModelWeights([new NamedArray("w", [3], [.. Global.Arrays[0].Data.Zip(delta, (g, d) => g + d)])]);
            var masked = site.Mask(work.Secure!, work.Task.Global, new RoundResult(work.Site, samples, trained, null, 1));
            return new SiteAnswer(work.Site, null, 0.5, "", Secure: masked);
        };
        restart = site =>
        {
            sites[site] = new SecureSite(site, keys[site], (peer, _) => keys[peer].PublicOnly(), clientDp: clientDp);
            transport.Reregister(site);
        };
        return transport;
    }

    private static float[] FedAvg(IEnumerable<string> sites)
    {
        var list = sites.ToList();
        var n = list.Sum(s => Updates[s].Samples);
        return [.. Enumerable.Range(0, 3).Select(i => Global.Arrays[0].Data[i] + list.Sum(s => Updates[s].Delta[i] * Updates[s].Samples) / n)];
    }

    private static RoundEngine Engine(ScriptedTransport t) => new(t) { SecureOptions = new SecAggOptions { MaxWeight = 100 } };

    [Fact]
    public async Task RunAsync_NoDropout_GivesThePlainFedAvgModelWithinTheBoundAndNoSiteUpdate()
    {
        // Given five sites with secure aggregation
        var transport = Transport();

        // When a round runs
        var report = await Engine(transport).RunAsync(Job(), AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1, evaluate: false, CancellationToken.None);

        // Then the model is FedAvg's within the stated bound, every site is in it, and no answer carried a site's weights
        var expected = FedAvg(Sites);
        Assert.All(Enumerable.Range(0, 3), i => Assert.InRange(report.Global.Arrays[0].Data[i], expected[i] - report.Secure!.MeanErrorBound - 1e-6, expected[i] + report.Secure.MeanErrorBound + 1e-6));
        Assert.True(report.Secure!.MeanErrorBound < 1e-4);
        Assert.Equal(Sites, report.Secure.Contributors);
        Assert.Equal(150, report.Samples);
        Assert.All(report.Answers.Values, a => Assert.Null(a.Trained));
    }

    [Theory]
    [InlineData(SecureStage.AdvertiseKeys, false)]
    [InlineData(SecureStage.ShareKeys, false)]
    [InlineData(SecureStage.MaskedInput, false)]
    [InlineData(SecureStage.Unmask, true)]
    public async Task RunAsync_SiteDropsAtAStep_RoundCompletesWithoutItsMasks(SecureStage at, bool stillCounted)
    {
        // Given site c vanishes at one of the four steps
        var transport = Transport(drop: "c", at);

        // When the round runs
        var report = await Engine(transport).RunAsync(Job(), AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1, evaluate: false, CancellationToken.None);

        // Then its masks are removed: the model is FedAvg over the sites whose masked update arrived
        // (c's too when it vanished only after uploading), and c's outcome says it went away
        var contributors = stillCounted ? Sites : Sites.Where(s => s != "c").ToArray();
        var expected = FedAvg(contributors);
        Assert.Equal(contributors, report.Secure!.Contributors);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(expected[i], report.Global.Arrays[0].Data[i], 4));
        Assert.False(report.Outcomes["c"].Ok);
    }

    [Fact]
    public async Task RunAsync_ServerCannotTakeAFailedUploadBackOut_EndsTheAttemptAtOnceWithoutBlamingTheSitesAndRunsItAgain()
    {
        // Given a first attempt whose masked uploads arrive after every site was sent its task (as on a network): a's and b's are
        // summed, then c's fails part way on the server and cannot be read again (on a network: its spooled file is gone), while d
        // and e have not answered yet
        var transport = Transport();
        var start = transport.FakeClock.GetUtcNow();
        var held = HoldFirstAnswers(transport);
        var observer = new RecordingObserver();
        var engine = new RoundEngine(transport, observer) { SecureOptions = new SecAggOptions { MaxWeight = 100 } };
        var run = engine.RunAsync(Job(), AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(15).WaitAsync(TimeSpan.FromSeconds(20));   // keys, shares and the masked step, 5 each

        // When those answers come in
        Assert.Null(await transport.AnswerAsync("a", held["a"]));
        Assert.Null(await transport.AnswerAsync("b", held["b"]));
        await Assert.ThrowsAsync<SecAggAbandonedException>(() => transport.AnswerAsync("c", LostAfterTwoWords.Into(held["c"])));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(20));

        // Then the first attempt ended at once (no time passed: nothing waited for d and e until the deadline), saying the server
        // abandoned it and blaming no site, and the second gave the plain FedAvg model over all five sites
        Assert.Equal(start, transport.FakeClock.GetUtcNow());
        Assert.Contains(observer.Lines, l => l.StartsWith("retrying 1 (2/", StringComparison.Ordinal) && l.Contains("could not be read again"));
        foreach (var site in new[] { "c", "d", "e" })
        {
            Assert.Contains(observer.Lines, l => l.StartsWith($"setback 1 {site}: the server abandoned the round: The input of site 2 failed after 2 of 4 values (IOException)",
                StringComparison.Ordinal));
        }
        Assert.DoesNotContain(observer.Lines, l => l.Contains("rejected"));
        Assert.Equal(2, report.Attempt);
        Assert.Equal(Sites, report.Secure!.Contributors);
        var expected = FedAvg(Sites);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(expected[i], report.Global.Arrays[0].Data[i], 4));
        Assert.Equal(0, transport.OpenCount);
    }

    [Fact]
    public async Task RunAsync_AbandonedWhileASiteEvaluates_ClosesTheEvaluationTooAndRunsTheRoundAgain()
    {
        // Given round 2 of a job in which four of five sites train and the fifth evaluates round 1's model, and a first attempt in
        // which the third trainer's upload fails on the server and cannot be read again, while the fourth and the evaluator are silent
        var transport = Transport();
        var start = transport.FakeClock.GetUtcNow();
        var held = HoldFirstAnswers(transport);
        var observer = new RecordingObserver();
        var engine = new RoundEngine(transport, observer) { SecureOptions = new SecAggOptions { MaxWeight = 100 } };
        var run = engine.RunAsync(Job() with { Fraction = 0.8 }, AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 2, evaluate: true,
            CancellationToken.None);
        await transport.SentAsync(13).WaitAsync(TimeSpan.FromSeconds(20));   // keys, shares and the masked step for 4, one evaluation
        var trainers = transport.Sent.Where(w => w.Kind == WorkKind.Train).Select(w => w.Site).Order(StringComparer.Ordinal).ToArray();
        var evaluator = Assert.Single(transport.Sent, w => w.Kind == WorkKind.Evaluate).Site;

        // When the first three uploads come in
        Assert.Null(await transport.AnswerAsync(trainers[0], held[trainers[0]]));
        Assert.Null(await transport.AnswerAsync(trainers[1], held[trainers[1]]));
        await Assert.ThrowsAsync<SecAggAbandonedException>(() => transport.AnswerAsync(trainers[2], LostAfterTwoWords.Into(held[trainers[2]])));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(20));

        // Then the evaluation was closed with the attempt (no time passed waiting for it), and the second attempt gave the plain
        // FedAvg model over the four trainers, with the evaluator's answer
        Assert.Equal(start, transport.FakeClock.GetUtcNow());
        Assert.Contains(observer.Lines, l => l.StartsWith($"setback 2 {evaluator}: the server abandoned the round: The input of site 2 failed", StringComparison.Ordinal));
        Assert.Equal(2, report.Attempt);
        Assert.Equal(trainers, report.Secure!.Contributors);
        var expected = FedAvg(trainers);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(expected[i], report.Global.Arrays[0].Data[i], 4));
        Assert.Contains(evaluator, report.Answers.Keys);
        Assert.Equal(0, transport.OpenCount);
    }

    /// <summary>
    /// Holds each site's first training answer (in <c>held</c>, for the test to deliver when it chooses) and keeps its first evaluation
    /// silent; later work is answered at once, as the sites do.
    /// </summary>
    private static Dictionary<string, SiteAnswer> HoldFirstAnswers(ScriptedTransport transport)
    {
        var answerAsSites = transport.AutoAnswer!;
        var held = new Dictionary<string, SiteAnswer>();
        var evaluated = new HashSet<string>();
        transport.AutoAnswer = work =>
        {
            if (work.Kind == WorkKind.Evaluate) return evaluated.Add(work.Site) ? null : new SiteAnswer(work.Site, null, 0, "{}");
            if (work.Kind != WorkKind.Train || held.ContainsKey(work.Site)) return answerAsSites(work);
            held[work.Site] = answerAsSites(work)!;
            return null;
        };
        return held;
    }

    /// <summary>A masked input whose source fails after its first two words, and fails at once when read again.</summary>
    private sealed class LostAfterTwoWords(IMaskedInput inner) : IMaskedInput
    {
        /// <summary><paramref name="answer"/> with its masked input behind this.</summary>
        public static SiteAnswer Into(SiteAnswer answer) => answer with { Secure = answer.Secure! with { Masked = new LostAfterTwoWords(answer.Secure.Masked!) } };

        private bool _read;

        public int SiteId => inner.SiteId;

        public int Length => inner.Length;

        public void Read(MaskedPiecesAction pieces)
        {
            if (_read) throw new IOException("the spooled upload is gone");
            _read = true;
            inner.Read((offset, words) => pieces(offset, words[..2]));
            throw new IOException("the spooled upload could not be read");
        }
    }

    [Fact]
    public async Task RunAsync_TooFewLeftForMinSites_RetriesThenFailsSayingSo()
    {
        // Given min_sites 5 and a site that drops before sharing its keys, every attempt
        var transport = Transport(drop: "e", SecureStage.ShareKeys);

        // When the round runs: each attempt sends 5 + 5 + 4 tasks (e vanishes at the share step) and is abandoned before the
        // unmask step, since 4 masked inputs are fewer than min_sites; the next attempt waits for e to come back
        var run = Engine(transport).RunAsync(Job(minSites: 5), AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(14).WaitAsync(TimeSpan.FromSeconds(20));
        transport.Return("e");
        await transport.SentAsync(28).WaitAsync(TimeSpan.FromSeconds(20));
        transport.Return("e");
        var error = await Assert.ThrowsAsync<JobSpecException>(() => run.WaitAsync(TimeSpan.FromSeconds(20)));

        // Then it says how many the secure sum gathered, and no attempt's sum was ever unmasked (the server would retry it, and two
        // sums over different sites give away the difference)
        Assert.Contains("secure aggregation gathered", error.Message);
        Assert.Contains("need 5 (min_sites)", error.Message);
        Assert.Contains("abandoned before anything is unmasked", error.Message);
        Assert.DoesNotContain(transport.Sent, w => w.Secure?.Stage == SecureStage.Unmask);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("e")]
    public async Task RunAsync_ClientDp_SitesClipAndNoiseTheirOwnChangesAndADropoutIsAccountedAsLessNoise(string? drop)
    {
        // Given client-level DP under secure aggregation, a clip norm every change exceeds and little noise, and maybe
        // site e vanishing before it uploads its masked change
        var dp = new ClientDpOptions { NoiseMultiplier = 0.01, ClipNorm = 0.2, Accountant = "rdp" };
        var transport = Transport(drop, SecureStage.MaskedInput, dp);

        // When a round runs
        var report = await Engine(transport).RunAsync(Job() with { ClientDp = dp }, AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1,
            evaluate: false, CancellationToken.None);

        // Then the server got Σ clip(Δ) / (sites asked) with equal weights, plus noise it never saw added (σC/√5 per site: 4e-4 on
        // the mean), and the accountant recorded σ·√(4/5) when only four sites' noise shares arrived
        var contributors = Sites.Where(s => s != drop).ToList();
        for (var i = 0; i < 3; i++)
        {
            var expected = Global.Arrays[0].Data[i] + contributors.Sum(s => Clipped(Updates[s].Delta, 0.2)[i]) / 5;
            Assert.InRange(report.Global.Arrays[0].Data[i], expected - 3e-3, expected + 3e-3);
        }
        var sigma = drop is null ? 0.01 : 0.01 * Math.Sqrt(4 / 5.0);
        Assert.Equal(sigma, report.ClientNoiseMultiplier!.Value, 12);
        Assert.Equal(ClientDpAccounting.Epsilon("rdp", sigma, 5, 5, 1, dp.Delta), report.ClientEpsilon!.Value, 9);
    }

    private static float[] Clipped(float[] delta, double norm)
    {
        var length = Math.Sqrt(delta.Sum(x => (double)x * x));
        return [.. delta.Select(x => (float)(x * Math.Min(1, norm / length)))];
    }

    [Theory]
    [InlineData(0.2, true)]
    [InlineData(5.0, false)]
    public async Task RunAsync_AdaptiveClipping_SitesReportClippingInTheSecureSumAndTheClipNormMoves(double clipNorm, bool allClipped)
    {
        // Given adaptive clipping under secure aggregation: a clip norm every change exceeds (all clipped), or none does
        var dp = new ClientDpOptions
        {
            NoiseMultiplier = 0.01, ClipNorm = clipNorm, Accountant = "rdp", AdaptiveClipping = true, ClippedCountStddev = 0.05,
            TargetUnclippedQuantile = 0.5, ClipLearningRate = 0.2,
        };
        var transport = Transport(clientDp: dp);

        // When a round runs
        var report = await Engine(transport).RunAsync(Job() with { ClientDp = dp }, AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1,
            evaluate: false, CancellationToken.None);

        // Then the server learnt only the noisy fraction of unclipped sites (0 or 1, ± 0.01) from the secure sum and moved C by
        // exp(−η(b̃ − γ)): up when every site was clipped, down when none was; the model still moved by the clipped mean
        var expected = clipNorm * Math.Exp(-0.2 * ((allClipped ? 0 : 1) - 0.5));
        Assert.InRange(report.ClientClipNorm!.Value, expected * 0.99, expected * 1.01);
        var tolerance = 5 * (0.01 * clipNorm / 5) + 1e-4;   // five standard deviations of the noise on the mean (σ_Δ ≈ σ here)
        for (var i = 0; i < 3; i++)
        {
            var mean = Sites.Sum(s => Clipped(Updates[s].Delta, clipNorm)[i]) / 5;
            Assert.InRange(report.Global.Arrays[0].Data[i], Global.Arrays[0].Data[i] + mean - tolerance, Global.Arrays[0].Data[i] + mean + tolerance);
        }
    }

    private static RoundEngine AheadEngine(ScriptedTransport t) => new(t) { SecureOptions = new SecAggOptions { MaxWeight = 100 }, PrepareAhead = true };

    private static int Count(IEnumerable<SiteWork> sent, int round, SecureStage stage) => sent.Count(w => w.Task.Round == round && w.Secure?.Stage == stage);

    /// <summary>
    /// Rounds 1 and 2 of a two-round job on an engine that runs key exchanges ahead: <paramref name="between"/> runs once <paramref name="sent"/>
    /// tasks in all (round 1's and those run ahead for round 2) have gone out, before round 2 starts. Returns round 2's report.
    /// </summary>
    private static async Task<RoundReport> TwoRoundsAheadAsync(ScriptedTransport transport, int sent, Action between)
    {
        await using var engine = AheadEngine(transport);
        var job = Job() with { Rounds = 2 };
        var strategy = AlgorithmRegistry.CreateServer(new AlgorithmOptions());
        var first = await engine.RunAsync(job, strategy, Sites, Global, 1, evaluate: false, CancellationToken.None);
        await transport.SentAsync(sent).WaitAsync(TimeSpan.FromSeconds(20));
        between();
        return await engine.RunAsync(job, strategy, Sites, first.Global, 2, evaluate: false, CancellationToken.None);
    }

    /// <summary>The report's model is FedAvg's over <paramref name="sites"/> (within the bound), and they are its contributors.</summary>
    private static void AssertFedAvgOf(RoundReport report, string[] sites)
    {
        Assert.Equal(sites, report.Secure!.Contributors);
        var expected = FedAvg(sites);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(expected[i], report.Global.Arrays[0].Data[i], 4));
    }

    [Fact]
    public async Task RunAsync_PrepareAhead_NextRoundsKeysGoOutBeforeItStartsAndItsModelIsTheSame()
    {
        // Given a two-round job whose engine runs each round's key exchange ahead
        var transport = Transport();
        IReadOnlyList<SiteWork> before = [];

        // When round 1 runs, and round 2 once round 1 has ended
        var second = await TwoRoundsAheadAsync(transport, 30, () => before = transport.Sent);

        // Then round 2's keys and shares went out before it started, and it sent only its masked-input and unmask steps
        Assert.Equal(5, Count(before, 2, SecureStage.AdvertiseKeys));
        Assert.Equal(5, Count(before, 2, SecureStage.ShareKeys));
        var during = transport.Sent.Skip(before.Count).ToList();
        Assert.Equal(10, during.Count);
        Assert.Equal(5, Count(during, 2, SecureStage.MaskedInput));
        Assert.Equal(5, Count(during, 2, SecureStage.Unmask));
        // and its model is FedAvg's within the bound, with every site in it; the job has no round 3, so nothing was run ahead for one
        AssertFedAvgOf(second, Sites);
        Assert.DoesNotContain(transport.Sent, w => w.Task.Round == 3);
    }

    [Fact]
    public async Task RunAsync_SiteLeftAfterKeysRanAhead_RoundRunsItsOwnKeyExchangeAmongThosePresent()
    {
        // Given round 2's key exchange run ahead with all five sites, then site e going offline before round 2 starts
        var transport = Transport();

        // When round 2 runs
        var second = await TwoRoundsAheadAsync(transport, 30, () => transport.Leave("e"));

        // Then it did not use the exchange made for five sites: it ran its own among the four present, and its model is FedAvg over them
        var during = transport.Sent.Skip(30).ToList();
        Assert.Equal(4, Count(during, 2, SecureStage.AdvertiseKeys));
        Assert.DoesNotContain(during, w => w.Site == "e");
        AssertFedAvgOf(second, [.. Sites.Where(s => s != "e")]);
    }

    [Fact]
    public async Task RunAsync_SiteMissedTheKeysRunAheadButIsBack_RoundRunsItsOwnKeyExchangeWithIt()
    {
        // Given site e silent (and gone) at round 2's key step run ahead, then back before round 2 starts
        var transport = Transport();
        var answer = transport.AutoAnswer!;
        var silenced = false;
        transport.AutoAnswer = work =>
        {
            if (silenced || work.Site != "e" || work.Task.Round != 2 || work.Secure?.Stage != SecureStage.AdvertiseKeys) return answer(work);
            silenced = true;
            transport.Leave("e");
            return null;
        };

        // When round 2 runs
        var second = await TwoRoundsAheadAsync(transport, 29, () => transport.Return("e"));

        // Then it did not settle for the exchange that lacks e: it ran its own with all five, and e's update is in the model
        Assert.Equal(5, Count(transport.Sent.Skip(29), 2, SecureStage.AdvertiseKeys));
        AssertFedAvgOf(second, Sites);
    }

    [Fact]
    public async Task RunAsync_SiteRestartedAfterTheKeysRanAhead_RoundRunsItsOwnKeyExchangeWithIt()
    {
        // Given round 2's key exchange run ahead with all five sites, then site e restarting (it registers again, its keys gone)
        // before round 2 starts, quickly enough never to count as absent
        var transport = Transport(out var restart);

        // When round 2 runs
        var second = await TwoRoundsAheadAsync(transport, 30, () => restart("e"));

        // Then it did not use the exchange whose keys e lost (e would have failed the masked step and sat the round out): it ran its
        // own key exchange with all five first, every site trained once, and e's update is in the model
        var during = transport.Sent.Skip(30).ToList();
        Assert.Equal(SecureStage.AdvertiseKeys, during[0].Secure?.Stage);
        Assert.Equal(5, Count(during, 2, SecureStage.AdvertiseKeys));
        Assert.Equal(5, Count(during, 2, SecureStage.MaskedInput));
        AssertFedAvgOf(second, Sites);
    }

    [Fact]
    public async Task DisposeAsync_KeyExchangeRunAheadForARoundThatWillNotCome_IsStoppedAndItsTasksClosed()
    {
        // Given sites that stay silent at round 2's key step, so the exchange run ahead for it waits on them
        var transport = Transport();
        var answer = transport.AutoAnswer!;
        transport.AutoAnswer = work => work.Task.Round == 2 ? null : answer(work);
        var engine = AheadEngine(transport);
        await engine.RunAsync(Job() with { Rounds = 3 }, AlgorithmRegistry.CreateServer(new AlgorithmOptions()), Sites, Global, 1, evaluate: false,
            CancellationToken.None);
        await transport.SentAsync(25).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(5, transport.OpenCount);

        // When the job ends there (the engine is disposed)
        await engine.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        // Then the key step's tasks are closed and nothing more goes out
        Assert.Equal(0, transport.OpenCount);
        Assert.Equal(25, transport.Sent.Count);
    }

    [Fact]
    public void Validated_ScaffoldOrFewerThanThreeSites_IsRefusedBeforeAnythingStarts()
    {
        var scaffold = Assert.Throws<JobSpecException>(() => (Job() with { Algorithm = "scaffold" }).Validated());
        Assert.Contains("secure_aggregation does not work with scaffold", scaffold.Message);
        var two = Assert.Throws<JobSpecException>(() => Job(minSites: 2).Validated());
        Assert.Contains("secure_aggregation needs at least 3 sites in every round", two.Message);
    }
}
