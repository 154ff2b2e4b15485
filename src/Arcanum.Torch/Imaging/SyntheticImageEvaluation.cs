using System.Diagnostics;
using Arcanum.Core.IO;
using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Data.Images;
using Arcanum.Synthesis.Images;

namespace Arcanum.Torch.Imaging;

/// <summary>What <see cref="SyntheticImageEvaluation.Run"/> is asked to do.</summary>
/// <param name="Model">A generator folder (<c>images synth fit</c>).</param>
/// <param name="Data">The folder the generator was fitted on (its training and held-out patients are told apart by the model's card).</param>
/// <param name="Output">Where evaluation.json and report.html go.</param>
public sealed record SyntheticEvaluationRequest(string Model, string Data, string Output)
{
    /// <summary>Another folder (e.g. a hospital that took no part) whose patients join the held-out ones.</summary>
    public string? Test { get; init; }

    /// <summary>Epochs of each segmenter and of the real-versus-synthetic classifier.</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>The tumour scale of the edit check.</summary>
    public double ScaleFactor { get; init; } = 1.5;

    /// <summary>Slices shown per grid in the report.</summary>
    public int Examples { get; init; } = 6;

    public int Seed { get; init; }

    public string Device { get; init; } = "cpu";

    public bool Force { get; init; }
}

/// <summary>One segmenter of the utility check: what it trained on and its score on held-out real patients.</summary>
public sealed record UtilityScore(string TrainedOn, int Slices, SegmentationMetrics Scores);

/// <summary>A segmenter trained on real data, run on generated images: does it find the tumour each was made for?</summary>
/// <param name="Plain">Scores against the condition masks of held-out patients' slices.</param>
/// <param name="Scaled">Scores against the same masks scaled by <paramref name="Factor"/> (clipped to the brain).</param>
/// <param name="Factor">The tumour scale of the edit.</param>
/// <param name="MaskAreaRatio">Total tumour area of the scaled masks over the plain ones (what a perfect segmenter would find).</param>
/// <param name="PredictedAreaRatio">Total predicted tumour area on the scaled-tumour images over that on the plain ones.</param>
public sealed record FidelityScore(SegmentationMetrics Plain, SegmentationMetrics Scaled, double Factor, double MaskAreaRatio, double PredictedAreaRatio);

/// <summary>Can generated images be told from real ones?</summary>
/// <param name="ClassifierAuroc">AUROC of a CNN trained to tell real from generated slices of half the held-out patients, on the other half (0.5: indistinguishable).</param>
/// <param name="TestSlices">Slices (real plus generated) the AUROC is taken on.</param>
/// <param name="FrechetDistance">Fréchet distance between held-out real slices and generated ones for the same masks, on the real-data segmenter's features.</param>
/// <param name="RealFrechetDistance">The same distance between training and held-out real slices: the floor that real data itself reaches.</param>
public sealed record RealismScore(double ClassifierAuroc, int TestSlices, double FrechetDistance, double RealFrechetDistance);

/// <summary>What crossed the network per epoch of AsynDGAN, against FedAvg training the evaluation's segmenter at the same sites.</summary>
/// <param name="GeneratorBytesPerEpoch">Generated images and returned gradients per generator epoch (float32).</param>
/// <param name="FedAvgBytesPerRound">The segmenter's weights down to and back from every site, one round (= one local epoch), float32.</param>
/// <param name="SegmenterParameters">The segmenter's parameter count.</param>
/// <param name="Sites">Sites in both.</param>
public sealed record TrafficComparison(double GeneratorBytesPerEpoch, long FedAvgBytesPerRound, long SegmenterParameters, int Sites);

/// <summary>Everything <c>images synth evaluate</c> measured.</summary>
public sealed record SyntheticImageReport(
    GeneratorCard Card, string Data, string? Test, int TrainingPatients, int HeldOutPatients, int TrainingSlices, int HeldOutSlices,
    IReadOnlyList<UtilityScore> Utility, FidelityScore Fidelity, RealismScore Realism, MemorisationResult Memorisation,
    IReadOnlyList<SyntheticExample> Examples, int Epochs, double Seconds)
{
    /// <summary>For an AsynDGAN generator: its traffic against FedAvg's; null for one trained centrally.</summary>
    public TrafficComparison? Traffic { get; init; }
}

/// <summary>One held-out slice for the report's grid: PNG data URIs of the real slice and of what the generator made for its mask and its edits.</summary>
public sealed record SyntheticExample(string Patient, string Real, string Generated, string Scaled, string Moved);

/// <summary>
/// <c>arcanum images synth evaluate</c>: every number measured here, on patients the generator never saw.
/// Utility: U-Net segmenters trained on real training slices, on their generated twins (same masks), and on both,
/// scored on held-out real patients (Dice per patient). Fidelity: the real-data segmenter run on images generated
/// for held-out masks, plain and with tumours scaled. Realism: a real-versus-generated CNN's AUROC across held-out
/// patients, and the Fréchet distance on the segmenter's features. Memorisation: each generated twin's nearest
/// training slice versus nearest held-out slice, in pixels.
/// </summary>
public static class SyntheticImageEvaluation
{
    private const int MoveOffset = 8;

    public static SyntheticImageReport Run(SyntheticEvaluationRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {request.Epochs}.");
        if (!(request.ScaleFactor > 0)) throw new ArgumentException($"The scale factor must be positive; got {request.ScaleFactor}.");
        OutputFolder.EnsureReplaceable(request.Output, request.Force, "evaluation.json");
        var clock = Stopwatch.StartNew();
        var card = GeneratorCard.Read(request.Model);
        using var generator = MaskImageGenerator.Load(request.Model, request.Device);
        var learner = new TorchLearner(request.Device);
        var data = MaskImageData.Load(request.Data, card.Size, requireMasks: true, progress, cancellationToken);
        var test = request.Test is { } t ? MaskImageData.Load(t, card.Size, requireMasks: true, progress, cancellationToken) : null;

        // A generator trained over a network has no patient list (the server never learns one): --data is then taken as the
        // data it trained on, and the held-out patients come from --test.
        var trained = card.TrainingPatients.Count > 0 ? card.TrainingPatients.ToHashSet(StringComparer.Ordinal) : data.Keys.ToHashSet(StringComparer.Ordinal);
        var withBrain = data.WithBrain();
        var train = withBrain.Where(r => trained.Contains(data.Keys[r])).ToArray();
        if (train.Length == 0)
            throw new ImageDataException(request.Data, $"None of '{request.Data}''s patients trained the generator (it trained on {card.TrainingPatients.Count} patients of '{card.Data}', e.g. '{card.TrainingPatients.FirstOrDefault()}'); pass the folder it was fitted on as --data, and other hospitals as --test.");
        var held = new HeldOut(data, withBrain.Where(r => !trained.Contains(data.Keys[r])).ToArray(), test);
        if (held.Count == 0)
            throw new ImageDataException(request.Data, "No held-out patient to score on: the generator trained on every patient of the data. Fit with --holdout above 0, or pass another hospital's folder as --test.");
        progress?.Report($"{train.Length} training slices ({data.KeysOf(train).Distinct().Count()} patients), {held.Count} held-out slices ({held.Keys.Distinct().Count()} patients)");

        var area = card.Size * card.Size;
        var realTrain = Dataset(data.Pixels(train), data.Tumours(train), data.KeysOf(train), card.Size);
        progress?.Report("generating the training slices' twins and the held-out slices' images");
        var twins = generator.Generate(data.Conditions(train), train.Length);
        var synthTrain = Dataset(twins, data.Tumours(train), data.KeysOf(train).Select(k => "synthetic/" + k).ToArray(), card.Size);
        var heldMasks = held.Tumours;
        var heldGenerated = generator.Generate(held.Conditions(heldMasks), held.Count);
        var scaledMasks = held.Edit(m => TumourEdits.Scale(m.Tumour, m.Brain, card.Size, request.ScaleFactor));
        var scaledGenerated = generator.Generate(held.Conditions(scaledMasks), held.Count);
        var movedMasks = held.Edit(m => TumourEdits.Move(m.Tumour, m.Brain, card.Size, MoveOffset, 0));
        var realHeld = Dataset(held.Pixels, heldMasks, held.Keys, card.Size);

        var spec = new ModelSpec(ModelKind.UNet, [1, card.Size, card.Size], 2, [.. ModelSpec.DefaultUNetWidths]);
        var options = new TrainingOptions
        {
            Epochs = request.Epochs, BatchSize = 16, LearningRate = 1e-3, Optimizer = OptimizerKind.Adam,
            Seed = request.Seed, Augmentation = ImageAugmentation.Default,
        };
        var utility = new List<UtilityScore>();
        Core.Weights.ModelWeights? realWeights = null;
        var sets = new List<(string Name, TensorDataset Set)> { ("real", realTrain), ("synthetic", synthTrain), ("real + synthetic", TensorDataset.Concat([realTrain, synthTrain])) };
        // AsynDGAN's question: is a model trained on the shared generator's images better than each hospital's own?
        if (card.Sites.Count > 1)
        {
            sets.AddRange(train.Select((r, i) => (Row: r, Index: i)).GroupBy(x => data.Images.Sites[x.Row], StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => ($"real, {g.Key} only", realTrain.Subset(g.Select(x => x.Index).ToArray()))));
        }
        foreach (var (name, set) in sets)
        {
            progress?.Report($"segmenter on {name} slices ({set.Count}), {request.Epochs} epochs");
            var weights = learner.Train(spec, learner.Initialize(spec, request.Seed), set, options, LocalObjective.Plain, cancellationToken).Weights;
            realWeights ??= weights;
            var p = learner.PredictProbabilities(spec, weights, realHeld);
            utility.Add(new UtilityScore(name, set.Count, SegmentationMetrics.Compute(heldMasks, p, held.Keys, card.Size, card.Size)));
        }

        progress?.Report("fidelity: the real-data segmenter on generated images");
        var pPlain = learner.PredictProbabilities(spec, realWeights!, Dataset(heldGenerated, heldMasks, held.Keys, card.Size));
        var pScaled = learner.PredictProbabilities(spec, realWeights!, Dataset(scaledGenerated, scaledMasks, held.Keys, card.Size));
        var fidelity = new FidelityScore(
            SegmentationMetrics.Compute(heldMasks, pPlain, held.Keys, card.Size, card.Size),
            SegmentationMetrics.Compute(scaledMasks, pScaled, held.Keys, card.Size, card.Size),
            request.ScaleFactor, Ratio(Count(scaledMasks), Count(heldMasks)), Ratio(Predicted(pScaled), Predicted(pPlain)));

        progress?.Report("realism: real-versus-generated classifier and Fréchet distance");
        var realism = Realism(learner, held, heldGenerated, realWeights!, spec, realTrain, realHeld, request, cancellationToken);

        progress?.Report("memorisation: nearest real slices of the generated twins");
        var memorisation = Memorisation.Compute(twins, train.Length, data.Pixels(train), train.Length, held.Pixels, held.Count, area);

        var examples = Examples(held, heldGenerated, scaledGenerated, scaledMasks, movedMasks, generator, pPlain, request.Examples, card.Size);
        var report = new SyntheticImageReport(card, request.Data, request.Test, data.KeysOf(train).Distinct().Count(), held.Keys.Distinct().Count(),
            train.Length, held.Count, utility, fidelity, realism, memorisation, examples, request.Epochs, Math.Round(clock.Elapsed.TotalSeconds, 1))
        {
            Traffic = card.Sites.Count > 1 && card.Epochs.Count > 0
                ? new TrafficComparison(card.Epochs[^1].BytesMoved / (double)card.Epochs.Count, 2L * realWeights!.ParameterCount * sizeof(float) * card.Sites.Count,
                    realWeights.ParameterCount, card.Sites.Count)
                : null,
        };
        OutputFolder.EnsureReplaceable(request.Output, request.Force, "evaluation.json");
        OutputFolder.Write(request.Output, staging =>
        {
            File.WriteAllText(Path.Combine(staging, "evaluation.json"), SyntheticImageReportFiles.Json(report));
            File.WriteAllText(Path.Combine(staging, "report.html"), SyntheticImageReportFiles.Html(report));
        });
        return report;
    }

    private static RealismScore Realism(TorchLearner learner, HeldOut held, float[] generated, Core.Weights.ModelWeights segmenter, ModelSpec segmenterSpec,
        TensorDataset realTrain, TensorDataset realHeld, SyntheticEvaluationRequest request, CancellationToken cancellationToken)
    {
        var size = segmenterSpec.InputShape[1];
        var area = size * size;
        // Held-out patients split in two: the classifier learns real-versus-generated on one half and is scored on the other.
        var patients = held.Keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        new Random(request.Seed).Shuffle(patients);
        var firstHalf = patients.Take(patients.Length / 2).ToHashSet(StringComparer.Ordinal);
        var auroc = double.NaN;
        var testSlices = 0;
        if (patients.Length >= 2)
        {
            var a = Enumerable.Range(0, held.Count).Where(i => firstHalf.Contains(held.Keys[i])).ToArray();
            var b = Enumerable.Range(0, held.Count).Where(i => !firstHalf.Contains(held.Keys[i])).ToArray();
            var spec = new ModelSpec(ModelKind.Cnn, [1, size, size], 2, [64]);
            var options = new TrainingOptions { Epochs = request.Epochs, BatchSize = 32, LearningRate = 1e-3, Optimizer = OptimizerKind.Adam, Seed = request.Seed };
            var weights = learner.Train(spec, learner.Initialize(spec, request.Seed), RealOrGenerated(held.Pixels, generated, a, area, size), options, LocalObjective.Plain, cancellationToken).Weights;
            var testSet = RealOrGenerated(held.Pixels, generated, b, area, size);
            var p = learner.PredictProbabilities(spec, weights, testSet);
            var scores = Enumerable.Range(0, testSet.Count).Select(i => p[i * 2 + 1]).ToArray();
            auroc = RankingMetrics.Auroc(scores, testSet.Labels.Select(l => l == 1).ToArray());
            testSlices = testSet.Count;
        }
        var dims = SegmentationFeatures.Dimensions(segmenterSpec);
        var heldFeatures = SegmentationFeatures.Extract(segmenterSpec, segmenter, realHeld, request.Device);
        var generatedFeatures = SegmentationFeatures.Extract(segmenterSpec, segmenter, Dataset(generated, held.Tumours, held.Keys, size), request.Device);
        var trainFeatures = SegmentationFeatures.Extract(segmenterSpec, segmenter, realTrain, request.Device);
        return new RealismScore(auroc, testSlices,
            FrechetDistance.Compute(heldFeatures, held.Count, generatedFeatures, held.Count, dims),
            FrechetDistance.Compute(trainFeatures, realTrain.Count, heldFeatures, held.Count, dims));
    }

    /// <summary>Real slices (label 0) and the generated ones for the same masks (label 1) of <paramref name="rows"/>.</summary>
    private static TensorDataset RealOrGenerated(float[] real, float[] generated, int[] rows, int area, int size)
    {
        var pixels = new float[2L * rows.Length * area];
        var labels = new int[2 * rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            real.AsSpan(rows[i] * area, area).CopyTo(pixels.AsSpan(2 * i * area, area));
            generated.AsSpan(rows[i] * area, area).CopyTo(pixels.AsSpan((2 * i + 1) * area, area));
            labels[2 * i + 1] = 1;
        }
        return new TensorDataset(pixels, labels, [1, size, size], 2);
    }

    private static IReadOnlyList<SyntheticExample> Examples(HeldOut held, float[] generated, float[] scaled, byte[] scaledMasks, byte[] movedMasks,
        MaskImageGenerator generator, float[] predicted, int count, int size)
    {
        var area = size * size;
        // Slices with the largest tumours of distinct patients: where the edits show.
        var picks = Enumerable.Range(0, held.Count).Where(i => held.Tumours.AsSpan(i * area, area).Contains((byte)1))
            .OrderByDescending(i => held.Tumours.AsSpan(i * area, area).Count((byte)1))
            .DistinctBy(i => held.Keys[i]).Take(count).ToArray();
        var moved = generator.Generate(held.Conditions(movedMasks, picks), picks.Length);
        var none = new float[area];
        return picks.Select((i, k) => new SyntheticExample(held.Keys[i],
            OverlayImage.DataUri(held.Pixels.AsSpan(i * area, area), held.Tumours.AsSpan(i * area, area), none, size),
            OverlayImage.DataUri(generated.AsSpan(i * area, area), held.Tumours.AsSpan(i * area, area), predicted.AsSpan(i * area, area), size),
            OverlayImage.DataUri(scaled.AsSpan(i * area, area), scaledMasks.AsSpan(i * area, area), none, size),
            OverlayImage.DataUri(moved.AsSpan(k * area, area), movedMasks.AsSpan(i * area, area), none, size))).ToList();
    }

    private static TensorDataset Dataset(float[] pixels, byte[] masks, string[] keys, int size)
    {
        var area = size * size;
        var labels = Enumerable.Range(0, keys.Length).Select(i => masks.AsSpan(i * area, area).Contains((byte)1) ? 1 : 0).ToArray();
        return new TensorDataset(pixels, labels, [1, size, size], 2, masks, keys);
    }

    private static long Count(byte[] masks) => masks.AsSpan().Count((byte)1);

    private static long Predicted(float[] p) => p.LongCount(v => v >= SegmentationMetrics.Threshold);

    private static double Ratio(long a, long b) => b == 0 ? double.NaN : a / (double)b;

    /// <summary>The held-out slices: the data's patients the generator never saw, then every slice of the test folder.</summary>
    private sealed class HeldOut
    {
        private readonly (MaskImageData Data, int Row)[] _slices;

        public HeldOut(MaskImageData data, int[] rows, MaskImageData? test)
        {
            _slices = [.. rows.Select(r => (data, r)), .. (test is null ? [] : test.WithBrain().Select(r => (test, r)))];
            Keys = _slices.Select(s => s.Data.Keys[s.Row]).ToArray();
            Pixels = Concat(s => s.Data.Images.Pixels);
            Tumours = Concat(s => s.Data.Tumour);
        }

        public int Count => _slices.Length;

        public string[] Keys { get; }

        public float[] Pixels { get; }

        public byte[] Tumours { get; }

        /// <summary>Condition maps with <paramref name="tumours"/> (one per slice, or per <paramref name="only"/> slice).</summary>
        public float[] Conditions(byte[] tumours, int[]? only = null)
        {
            var rows = only ?? Enumerable.Range(0, Count).ToArray();
            var area = Area;
            var brain = new byte[(long)rows.Length * area];
            var picked = new byte[(long)rows.Length * area];
            for (var i = 0; i < rows.Length; i++)
            {
                var (d, r) = _slices[rows[i]];
                d.Brain.AsSpan(r * area, area).CopyTo(brain.AsSpan(i * area, area));
                tumours.AsSpan(rows[i] * area, area).CopyTo(picked.AsSpan(i * area, area));
            }
            return ConditionMaps.Build(brain, picked, rows.Length, _slices.Length == 0 ? 0 : _slices[0].Data.Size);
        }

        /// <summary>Every slice's tumour, edited.</summary>
        public byte[] Edit(Func<(byte[] Tumour, byte[] Brain), byte[]> edit)
        {
            var area = Area;
            var result = new byte[(long)Count * area];
            for (var i = 0; i < Count; i++)
            {
                var (d, r) = _slices[i];
                edit((Tumours.AsSpan(i * area, area).ToArray(), d.Brain.AsSpan(r * area, area).ToArray())).CopyTo(result.AsSpan(i * area, area));
            }
            return result;
        }

        private int Area => _slices.Length == 0 ? 0 : _slices[0].Data.Area;

        private T[] Concat<T>(Func<(MaskImageData Data, int Row), T[]> source)
        {
            var area = Area;
            var result = new T[(long)Count * area];
            for (var i = 0; i < Count; i++) source(_slices[i]).AsSpan(_slices[i].Row * area, area).CopyTo(result.AsSpan(i * area, area));
            return result;
        }
    }
}
