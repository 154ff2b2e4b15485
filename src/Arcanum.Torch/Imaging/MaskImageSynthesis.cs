using Arcanum.Federated.Simulation;
using System.Diagnostics;
using Arcanum.Core.IO;
using Arcanum.Data;
using Arcanum.Data.Images;

namespace Arcanum.Torch.Imaging;

/// <summary>How the generator is trained: all images in one place (pix2pix), or AsynDGAN with one discriminator per site.</summary>
public enum GanTraining
{
    /// <summary>One discriminator sees every site's images: the images were pooled.</summary>
    Central,

    /// <summary>Each site (top-level folder) keeps its images and its own discriminator; only generated images,
    /// masks and gradients move (Chang et al., 2020), simulated in one process.</summary>
    AsynDgan,
}

/// <summary>What <see cref="MaskImageSynthesis.Fit"/> is asked to do.</summary>
public sealed record GeneratorFitRequest(string Data, string Output)
{
    /// <summary>Image side in pixels (a multiple of 2^(levels−1)).</summary>
    public int Size { get; init; } = 64;

    public MaskGanOptions Options { get; init; } = new();

    public GanTraining Training { get; init; } = GanTraining.Central;

    /// <summary>Share of patients kept out of training for <c>images synth evaluate</c>; 0 trains on every patient.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    public string Device { get; init; } = "cpu";

    public bool Force { get; init; }
}

/// <summary>What <see cref="MaskImageSynthesis.Sample"/> is asked to do; edits apply in the order scale, move.</summary>
public sealed record GeneratorSampleRequest(string Model, string Masks, string Output)
{
    /// <summary>Multiplies each tumour's size about its centre (clipped to the brain).</summary>
    public double? ScaleTumour { get; init; }

    /// <summary>Moves each tumour by (dx, dy) pixels at the generator's resolution (clipped to the brain).</summary>
    public (int Dx, int Dy)? MoveTumour { get; init; }

    /// <summary>A folder of healthy slices: each gets one of the <see cref="Masks"/> tumours placed in its brain.</summary>
    public string? AddTumourTo { get; init; }

    public int Seed { get; init; }

    public string Device { get; init; } = "cpu";

    public bool Force { get; init; }
}

/// <summary>What <see cref="MaskImageSynthesis.Sample"/> wrote.</summary>
public sealed record GeneratorSampleResult(string Output, int Images, int SkippedWithoutBrain, int Size);

/// <summary>
/// <c>arcanum images synth fit</c> and <c>sample</c>: a mask-conditioned MRI generator fitted on an image folder
/// with tumour masks, and images generated for other masks, edited or placed into healthy brains. The condition
/// of a slice is its brain outline (from its own image) and its tumour mask; every generated image is written with
/// the tumour mask it was made for as its annotation, in the layout <see cref="ImageFolder"/> reads.
/// </summary>
public static class MaskImageSynthesis
{
    /// <summary>Trains a generator on <see cref="GeneratorFitRequest.Data"/> and writes the generator folder.</summary>
    /// <exception cref="ImageDataException">The folder's images are unusable.</exception>
    /// <exception cref="IOException">The output folder may not be written.</exception>
    public static GeneratorCard Fit(GeneratorFitRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Validate();
        if (request.HoldoutFraction is < 0 or >= 1)
            throw new ArgumentException($"The holdout fraction must be in [0, 1); got {request.HoldoutFraction}.");
        OutputFolder.EnsureReplaceable(request.Output, request.Force, GeneratorCard.FileName);
        var device = TorchRuntime.ResolveDevice(request.Device);
        var data = MaskImageData.Load(request.Data, request.Size, requireMasks: true, progress, cancellationToken);

        var (train, held) = Split(data, request.HoldoutFraction, request.Options.Seed);
        var trainSet = train.ToHashSet();
        var rows = data.WithBrain().Where(trainSet.Contains).ToArray();
        if (rows.Length == 0) throw new ImageDataException(request.Data, $"No training slice of '{request.Data}' shows a brain (none has {MaskImageData.MinBrainShare:P0} of its pixels above the background); nothing to learn from.");
        var groups = request.Training == GanTraining.Central
            ? [new KeyValuePair<string, int[]>("all", rows)]
            : rows.GroupBy(r => data.Images.Sites[r], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new KeyValuePair<string, int[]>(g.Key, g.ToArray())).ToList();
        var sites = groups.Select(g => new MaskImageSite(g.Key, data.Conditions(g.Value), data.Pixels(g.Value), g.Value.Length)).ToList();
        progress?.Report($"training on {rows.Length} slices of {data.KeysOf(rows).Distinct().Count()} patients"
            + (request.Training == GanTraining.AsynDgan ? $" at {sites.Count} sites (AsynDGAN)" : "")
            + $"; {held.Select(r => data.Keys[r]).Distinct().Count()} patients held out");

        var epochs = new List<GanEpoch>();
        var clock = Stopwatch.StartNew();
        var checkpoint = CheckpointFolder(request.Output);
        if (Directory.Exists(checkpoint)) progress?.Report($"resuming from the checkpoint in {checkpoint} (delete it to start over)");
        using var generator = MaskImageGan.Fit(sites, request.Size, request.Options, request.Device, new EpochProgress(epochs, progress), cancellationToken, checkpoint);
        var card = new GeneratorCard(GeneratorCard.FormatName, request.Size, request.Options, request.Data, sites.Select(s => s.Name).ToArray(),
            data.KeysOf(train).Distinct().Order(StringComparer.Ordinal).ToArray(), data.KeysOf(held).Distinct().Order(StringComparer.Ordinal).ToArray(),
            rows.Length, epochs, Math.Round(clock.Elapsed.TotalSeconds, 1), device.ToString());
        OutputFolder.EnsureReplaceable(request.Output, request.Force, GeneratorCard.FileName);
        OutputFolder.Write(request.Output, staging =>
        {
            generator.Save(staging);
            File.WriteAllText(Path.Combine(staging, GeneratorCard.FileName), card.ToJson());
        });
        if (Directory.Exists(checkpoint)) Directory.Delete(checkpoint, recursive: true);
        return card;
    }

    /// <summary>Generates one image per mask (or per healthy slice) and writes them with their tumour masks.</summary>
    /// <exception cref="InvalidDataException">The model folder is unusable.</exception>
    /// <exception cref="ImageDataException">The mask or healthy folder is unusable.</exception>
    public static GeneratorSampleResult Sample(GeneratorSampleRequest request, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ScaleTumour is { } f && !(f > 0 && double.IsFinite(f)))
            throw new ArgumentException($"--scale-tumour must be a positive factor such as 1.5; got {f}.");
        OutputFolder.EnsureReplaceable(request.Output, request.Force);
        var card = GeneratorCard.Read(request.Model);
        using var generator = MaskImageGenerator.Load(request.Model, request.Device);
        var masks = MaskImageData.Load(request.Masks, card.Size, requireMasks: true, progress, cancellationToken);
        var random = new Random(request.Seed);

        MaskImageData target;
        int[] rows;
        byte[] tumours;
        if (request.AddTumourTo is { } healthyFolder)
        {
            target = MaskImageData.Load(healthyFolder, card.Size, requireMasks: false, progress, cancellationToken);
            rows = target.WithBrain();
            var sources = Enumerable.Range(0, masks.Count).Where(i => masks.Tumour.AsSpan(i * masks.Area, masks.Area).Contains((byte)1)).ToArray();
            if (sources.Length == 0) throw new ImageDataException(request.Masks, $"No mask in '{request.Masks}' has a tumour to place into the healthy slices.");
            random.Shuffle(sources);
            tumours = new byte[(long)rows.Length * target.Area];
            for (var i = 0; i < rows.Length; i++)
            {
                var source = sources[i % sources.Length];
                TumourEdits.Transplant(masks.Tumour.AsSpan(source * masks.Area, masks.Area), card.Size,
                    target.Brain.AsSpan(rows[i] * target.Area, target.Area), random).CopyTo(tumours.AsSpan(i * target.Area, target.Area));
            }
        }
        else
        {
            target = masks;
            rows = masks.WithBrain();
            tumours = masks.Tumours(rows);
        }
        if (rows.Length == 0) throw new ImageDataException(request.AddTumourTo ?? request.Masks, "No slice there shows a brain to generate into.");
        Edit(target, rows, tumours, request);

        progress?.Report($"generating {rows.Length} images at {card.Size}x{card.Size}");
        var pixels = generator.Generate(target.Conditions(rows, tumours), rows.Length);
        var area = target.Area;
        var slices = rows.Select((r, i) => new GeneratedSlice(target.Images.Sites[r], target.Images.Patients[r], ImageFolderWriter.SliceName(target.Records[r]),
            pixels.AsSpan(i * area, area).ToArray(), tumours.AsSpan(i * area, area).ToArray())).ToList();
        ImageFolderWriter.Write(request.Output, slices, card.Size, overwrite: request.Force);
        return new GeneratorSampleResult(request.Output, rows.Length, target.Count - rows.Length, card.Size);
    }

    private static void Edit(MaskImageData data, int[] rows, byte[] tumours, GeneratorSampleRequest request)
    {
        if (request.ScaleTumour is null && request.MoveTumour is null) return;
        var area = data.Area;
        for (var i = 0; i < rows.Length; i++)
        {
            var brain = data.Brain.AsSpan(rows[i] * area, area);
            var tumour = tumours.AsSpan(i * area, area);
            if (request.ScaleTumour is { } factor) TumourEdits.Scale(tumour, brain, data.Size, factor).CopyTo(tumour);
            if (request.MoveTumour is { } move) TumourEdits.Move(tumour, brain, data.Size, move.Dx, move.Dy).CopyTo(tumour);
        }
    }

    /// <summary>
    /// Where training keeps its per-epoch state: a hidden sibling of the output folder, so that rerunning the same command
    /// after a crash or Ctrl+C resumes after the last complete epoch; deleted once the generator is saved.
    /// </summary>
    public static string CheckpointFolder(string output)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.checkpoint");
    }

    /// <summary>Rows of training and held-out patients (by patient, stratified by having any tumour; see <see cref="Splits.ByGroup"/>).</summary>
    internal static (int[] Train, int[] Held) Split(MaskImageData data, double fraction, int seed)
    {
        if (fraction == 0) return (Enumerable.Range(0, data.Count).ToArray(), []);
        var labels = Enumerable.Range(0, data.Count).Select(i => data.Tumour.AsSpan(i * data.Area, data.Area).Contains((byte)1) ? 1 : 0).ToArray();
        return Splits.ByGroup(data.Keys, labels, fraction, seed);
    }

    private sealed class EpochProgress(List<GanEpoch> epochs, IProgress<string>? progress) : IProgress<GanEpoch>
    {
        public void Report(GanEpoch e)
        {
            epochs.Add(e);
            progress?.Report($"epoch {e.Epoch}/{e.Epochs}: D {e.DiscriminatorLoss:F3}, G adversarial {e.AdversarialLoss:F3}, L1 {e.L1:F3}, {e.Elapsed.TotalSeconds:F0} s"
                + (e.MissedAnswers > 0 ? $", {e.MissedAnswers} site steps missed (skipped)" : ""));
        }
    }
}
