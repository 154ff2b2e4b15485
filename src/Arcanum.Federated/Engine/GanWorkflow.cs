using System.Collections.Concurrent;
using Arcanum.Core.Weights;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Engine;

/// <summary>
/// AsynDGAN's epoch (Chang et al., CVPR 2020) over a transport: per step the server draws a batch of every site's
/// condition maps, generates images for the sites that can be counted on, sends each its own batch (a TRAIN task whose
/// payload is the generated images and their indices) and takes back the gradient of the site's loss with respect to
/// them; the sites that answered in time are weighed by their share of the images and the generator steps. A site that
/// drops out or fails is skipped for that step and counted; the others' batches do not shift (every site's batch is drawn
/// whether it answers or not). Answers are folded in the participants' order, so the generator does not depend on timing.
/// </summary>
public sealed class GanWorkflow(IFederationTransport transport, IRoundObserver? observer = null)
{
    private readonly IRoundObserver _observer = observer ?? new NoObserver();
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);

    /// <summary>The payload names of a step: the generated images [B, 1, S, S] and their indices into the site's slices.</summary>
    public const string Generated = "generated", Indices = "indices";

    /// <summary>The array of a site's setup answer: its slices' condition maps [count, 2, S, S] (brain outline, tumour mask; 0 or 1).</summary>
    public const string Conditions = "conditions";

    /// <summary>The answer's names: the gradient [B, 1, S, S] and the losses [discriminator, adversarial, L1].</summary>
    public const string Gradient = "gradient", Losses = "losses";

    /// <summary>Steps in an epoch: each site's batch per step, until the sites' images are covered once on average.</summary>
    public static int StepsPerEpoch(long images, int batchSize, int sites) =>
        (int)Math.Max(1, (images + (long)batchSize * sites - 1) / ((long)batchSize * sites));

    /// <summary>The seed of a site's walk through its slices in an epoch (by name, so the same in one process and on the network).</summary>
    public static int WalkSeed(int jobSeed, string site, int epoch) => Seeds.ForStage(jobSeed, $"asyndgan-batches:{site}:{epoch}");

    /// <summary>
    /// Runs epoch <paramref name="epoch"/> (1-based) of <paramref name="job"/> among <paramref name="sites"/>. Each step
    /// needs min_sites sites present (it waits up to round_timeout_s for them, then the job fails); a site whose answer
    /// misses the step's deadline or is refused is skipped for that step. <paramref name="skip"/> simulates faults in one
    /// process: a site it names for a step gets no task in that step.
    /// </summary>
    /// <exception cref="JobSpecException">Fewer than min_sites sites online for a step.</exception>
    public async Task<GanEpochTotals> EpochAsync(JobSpec job, IGanServer server, IReadOnlyList<GanConditions> sites, int epoch, CancellationToken ct,
        Func<int, string, bool>? skip = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(server);
        var options = job.SynthesisOptions;
        var names = sites.Select(s => s.Site).ToList();
        var total = sites.Sum(s => (long)s.Count);
        var weights = sites.ToDictionary(s => s.Site, s => s.Count / (double)total, StringComparer.Ordinal);
        var walkers = sites.ToDictionary(s => s.Site, s => new GanBatches(s.Count, WalkSeed(job.Seed, s.Site, epoch)), StringComparer.Ordinal);
        var need = Math.Min(Math.Max(1, job.MinSites), sites.Count);
        var timeout = TimeSpan.FromSeconds(job.RoundTimeoutS);
        var clock = transport.Clock;
        server.BeginEpoch(epoch);
        double dSum = 0, advSum = 0, l1Sum = 0;
        var (terms, missed) = (0, 0);
        long bytes = 0;
        var images = names.ToDictionary(s => s, _ => 0L, StringComparer.Ordinal);
        var steps = StepsPerEpoch(total, options.BatchSize, sites.Count);
        for (var step = 0; step < steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            var batches = names.ToDictionary(s => s, s => walkers[s].Next(options.BatchSize), StringComparer.Ordinal);
            if (!await TaskExchange.UntilAsync(() => Present(names).Count >= need, transport.Liveness, clock, clock.GetUtcNow() + timeout, ct).ConfigureAwait(false))
                throw new JobSpecException($"epoch {epoch}, step {step + 1}: only {Present(names).Count} of the {need} sites the job needs (min_sites) were online within round_timeout_s ({job.RoundTimeoutS} s).");
            var present = Present(names);
            NoteAbsences(names, present, epoch);
            var asked = present.Where(s => skip?.Invoke(step, s) != true).ToList();
            missed += names.Count - asked.Count;
            var answers = new ConcurrentDictionary<string, GanStepAnswer>(StringComparer.Ordinal);
            var pending = new List<PendingTask>();
            var deadline = clock.GetUtcNow() + timeout;
            try
            {
                foreach (var site in asked)
                {
                    var indices = batches[site];
                    var generated = server.Generate(site, indices);
                    if (!generated.All(float.IsFinite))
                        throw new TrainingDivergedException($"The generator made non-finite images in epoch {epoch}, step {step + 1}; its training diverged. Lower synthesis.lr.");
                    var size = (int)Math.Round(Math.Sqrt(generated.Length / (double)indices.Length));
                    var task = new RoundTask(epoch, new ModelWeights([
                        new NamedArray(Generated, [indices.Length, 1, size, size], generated),
                        new NamedArray(Indices, [indices.Length], [.. indices.Select(i => (float)i)]),
                    ]), 0, null);
                    bytes += generated.LongLength * sizeof(float);
                    pending.Add(transport.Send(new SiteWork(site, WorkKind.Train, task, 0, deadline), (answer, _) =>
                    {
                        answers[site] = Read(answer, site, generated.Length, GradientLimit(options.L1Weight, generated.Length));
                        return Task.CompletedTask;
                    }));
                }
                var outcomes = await TaskExchange.WaitAsync(pending, transport.Liveness, clock, transport.Grace,
                    $"no answer within round_timeout_s ({job.RoundTimeoutS} s)", ct).ConfigureAwait(false);
                foreach (var (site, outcome) in outcomes.Where(o => !o.Value.Ok)) _observer.Setback(epoch, site, outcome);
            }
            finally
            {
                transport.Finish(pending);
            }
            var answered = names.Where(answers.ContainsKey).ToList();
            missed += asked.Count - answered.Count;
            var share = answered.Sum(s => weights[s]);
            server.Apply([.. answered.Select(s => (s, answers[s].Gradient, weights[s] / share))]);
            if (answered.Count == 0) continue;
            foreach (var s in answered)
            {
                var (a, w) = (answers[s], weights[s] / share);
                bytes += a.Gradient.LongLength * sizeof(float);
                images[s] += batches[s].Length;
                dSum += a.Discriminator * w;
                advSum += a.Adversarial * w;
                l1Sum += a.L1 * w;
            }
            terms++;
        }
        var n = Math.Max(1, terms);
        return new GanEpochTotals(dSum / n, advSum / n, l1Sum / n, bytes, missed, terms, images);
    }

    /// <summary>
    /// The largest gradient value a site may send for <paramref name="values"/> generated values: 1,000 times the L1 term's
    /// own bound, (λ + 1) / values per pixel. An honest gradient is far below it; a site that sends more (a bug, or an attempt
    /// to overflow the generator's Adam state and wreck it for everyone) is refused for that step.
    /// </summary>
    public static double GradientLimit(double l1Weight, int values) => 1_000 * (l1Weight + 1) / values;

    /// <summary>A site's answer to a step: the gradient of the size sent, within <paramref name="limit"/>, and three finite losses (throwing refuses it).</summary>
    public static GanStepAnswer Read(SiteAnswer answer, string site, int length, double limit)
    {
        var weights = answer.Trained?.Weights ?? throw new FormatException($"The answer of site '{site}' carries no gradient.");
        if (!weights.Contains(Gradient) || !weights.Contains(Losses))
            throw new FormatException($"An image-synthesis answer carries '{Gradient}' (the gradient of the site's loss with respect to the generated images) and '{Losses}' (3 values); site '{site}' sent {string.Join(", ", weights.Arrays.Select(a => a.Name))}.");
        var gradient = weights[Gradient].Data;
        var losses = weights[Losses].Data;
        if (gradient.Length != length) throw new FormatException($"The gradient of site '{site}' has {gradient.Length} values; the generated images had {length}.");
        if (losses.Length != 3) throw new FormatException($"The losses of site '{site}' are {losses.Length} values; expected 3 (discriminator, adversarial, L1).");
        foreach (var v in gradient)
        {
            if (!float.IsFinite(v)) throw new FormatException($"The gradient of site '{site}' holds a value that is not a finite number.");
            if (Math.Abs(v) > limit) throw new FormatException($"The gradient of site '{site}' holds {v}, beyond the {limit:G3} an image-synthesis step allows (1,000 x (l1_weight + 1) / values).");
        }
        if (!losses.All(float.IsFinite)) throw new FormatException($"The losses of site '{site}' are not all finite numbers.");
        // Copied: on the network the arrays live in a buffer the next answer reuses.
        return new GanStepAnswer([.. gradient], losses[0], losses[1], losses[2]);
    }

    /// <summary>A step's task as a site reads it: the indices of its slices and the images generated for them.</summary>
    /// <exception cref="FormatException">The payload is not an image-synthesis step.</exception>
    public static (long[] Indices, float[] Generated) ReadTask(ModelWeights task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!task.Contains(Generated) || !task.Contains(Indices))
            throw new FormatException($"An image-synthesis step carries '{Generated}' and '{Indices}'; this one has {string.Join(", ", task.Arrays.Select(a => a.Name))}.");
        var indices = task[Indices].Data;
        var generated = task[Generated];
        if (indices.Length == 0 || generated.Data.Length % indices.Length != 0)
            throw new FormatException($"The step's {indices.Length} indices do not match its {generated.Data.Length} generated values.");
        var result = new long[indices.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var v = indices[i];
            if (!(v >= 0 && v == Math.Floor(v) && v < 1 << 24)) throw new FormatException($"The step's index {v} is not a slice number.");
            result[i] = (long)v;
        }
        return (result, generated.Data);
    }

    /// <summary>
    /// What a site checks of a step before it trains on it: an epoch of the job, at most synthesis.batch_size distinct
    /// slices of its own, and generated values in [−1, 1] (the generator ends in tanh). A server that asks more (one
    /// slice many times, values chosen outside the generator's range) could read a real image from the L1 term's signs.
    /// </summary>
    /// <exception cref="FormatException">The step asks what no honest server would.</exception>
    public static void CheckTask(JobSpec job, int epoch, long[] indices, float[] generated, int slices)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (epoch < 1 || epoch > job.Rounds) throw new FormatException($"The step is of epoch {epoch}; the job has epochs 1 to {job.Rounds}.");
        if (indices.Length > job.SynthesisOptions.BatchSize)
            throw new FormatException($"The step asks for {indices.Length} slices; synthesis.batch_size is {job.SynthesisOptions.BatchSize}.");
        if (indices.Distinct().Count() != indices.Length) throw new FormatException("The step names a slice more than once.");
        if (indices.Any(i => i >= slices)) throw new FormatException($"The step names slices beyond this site's {slices}.");
        if (!generated.All(v => v is >= -1f and <= 1f)) throw new FormatException("The step's generated images hold values outside [-1, 1] (or not numbers); the generator ends in tanh.");
    }

    /// <summary>A site's answer to a step as it travels: its gradient (shaped as the generated images) and its three losses.</summary>
    public static ModelWeights AnswerWeights(GanStepAnswer answer, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new ModelWeights([
            new NamedArray(Gradient, shape, answer.Gradient),
            new NamedArray(Losses, [3], [(float)answer.Discriminator, (float)answer.Adversarial, (float)answer.L1]),
        ]);
    }

    private List<string> Present(IReadOnlyList<string> names) => names.Where(s => transport.Liveness.Absence(s) is null).ToList();

    private void NoteAbsences(IReadOnlyList<string> names, IReadOnlyList<string> present, int epoch)
    {
        foreach (var site in names)
        {
            var here = present.Contains(site, StringComparer.Ordinal);
            if (!here && _absent.Add(site)) _observer.Absent(epoch, site, transport.Liveness.Absence(site) ?? "it is offline");
            else if (here && _absent.Remove(site)) _observer.Returned(epoch, site);
        }
    }

    private sealed class NoObserver : IRoundObserver;
}

/// <summary>
/// An epoch's weighted mean losses, the bytes it moved, the site steps it missed, the steps that updated the generator and,
/// per site, the images whose gradients it sent.
/// </summary>
public sealed record GanEpochTotals(double DiscriminatorLoss, double AdversarialLoss, double L1, long BytesMoved, int MissedAnswers, int Steps,
    IReadOnlyDictionary<string, long> Images);

/// <summary>A site's seeded walk through its slices: a fresh shuffle each time it runs out.</summary>
public sealed class GanBatches(int count, int seed)
{
    private readonly Random _random = new(seed);
    private readonly long[] _order = Enumerable.Range(0, count).Select(i => (long)i).ToArray();
    private int _next = count;

    public long[] Next(int batch)
    {
        var take = Math.Min(batch, _order.Length);
        var result = new long[take];
        for (var i = 0; i < take; i++)
        {
            if (_next == _order.Length)
            {
                _random.Shuffle(_order);
                _next = 0;
            }
            result[i] = _order[_next++];
        }
        return result;
    }
}
