using System.Globalization;
using Arcanum.Core.Weights;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// A trained mask-to-image generator: a U-Net from a 2-channel condition map (brain outline, tumour) to one
/// grey image, ending in tanh (pix2pix's generator with GroupNorm, see <see cref="UNet"/>). It is
/// deterministic: the same map always gives the same image (pix2pix's dropout noise is left out; Isola et
/// al. found the generator learns to ignore it). Not thread-safe; one instance per thread.
/// </summary>
public sealed class MaskImageGenerator : IDisposable
{
    public const string WeightsFile = "generator.safetensors";
    private const string Kind = "arcanum-mask-image-generator";

    private readonly UNet _network;
    private readonly Device _device;

    internal MaskImageGenerator(UNet network, int size, int[] widths, Device device)
    {
        _network = network;
        Size = size;
        Widths = widths;
        _device = device;
    }

    /// <summary>Image side in pixels; condition maps must have this size.</summary>
    public int Size { get; }

    public int[] Widths { get; }

    internal UNet Network => _network;

    /// <summary>A fresh generator, initialised from <paramref name="seed"/> alone (on the CPU, then moved).</summary>
    internal static MaskImageGenerator Create(int size, int[] widths, int seed, Device device)
    {
        var step = 1 << (widths.Length - 1);
        if (size % step != 0)
            throw new ArgumentException($"The image size must be a multiple of {step} for a {widths.Length}-level generator; got {size}.");
        UNet network;
        lock (TorchRuntime.RandomLock)
        {
            manual_seed(seed);
            network = new UNet(2, widths);
        }
        network.to(device);
        return new MaskImageGenerator(network, size, widths, device);
    }

    /// <summary>The generator's output on the [−1, 1] scale, with gradients when enabled.</summary>
    internal Tensor Forward(Tensor conditions) => tanh(_network.forward(conditions));

    /// <summary>
    /// Images for <paramref name="count"/> condition maps [count × 2 × S × S] (0/1), as [count × S × S] grey in [0, 1].
    /// </summary>
    /// <exception cref="ArgumentException">The maps have the wrong length or non-finite values.</exception>
    public float[] Generate(float[] conditions, int count, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var area = Size * Size;
        if (count < 0 || conditions.LongLength != (long)count * 2 * area)
            throw new ArgumentException($"Expected {count} condition maps of 2 x {Size} x {Size} ({(long)count * 2 * area} values); got {conditions.LongLength}.", nameof(conditions));
        var output = new float[(long)count * area];
        _network.eval();
        using var noGrad = no_grad();
        for (var offset = 0; offset < count; offset += batchSize)
        {
            using var scope = NewDisposeScope();
            var n = Math.Min(batchSize, count - offset);
            var batch = tensor(conditions.AsSpan(offset * 2 * area, n * 2 * area).ToArray(), [n, 2, Size, Size]).to(_device);
            HostFloats.CopyTo(UnitRange(Forward(batch)), output.AsSpan(offset * area, n * area));
        }
        return output;
    }

    /// <summary>(x + 1) / 2 clamped to [0, 1], with held Scalars (a temporary one can be freed mid-call, see <see cref="HeldScalars"/>).</summary>
    private static Tensor UnitRange(Tensor x) =>
        x.Plus(HeldScalars.Of(1)).div(HeldScalars.Of(2)).clamp(HeldScalars.Of(0), HeldScalars.Of(1));

    /// <summary>Writes <see cref="WeightsFile"/> into <paramref name="directory"/> (which must exist).</summary>
    public void Save(string directory, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>())
        {
            ["model"] = Kind,
            ["size"] = Size.ToString(CultureInfo.InvariantCulture),
            ["widths"] = string.Join(",", Widths),
        };
        SafeTensors.Write(Path.Combine(directory, WeightsFile), ModuleWeights.ToWeights(_network), meta);
    }

    /// <summary>Loads a generator saved by <see cref="Save"/> onto <paramref name="device"/>.</summary>
    /// <exception cref="InvalidDataException">The file is missing, not a generator, or does not fit.</exception>
    public static MaskImageGenerator Load(string directory, string device = "cpu")
    {
        TorchRuntime.EnsureLoaded();
        var path = Path.Combine(directory, WeightsFile);
        if (!File.Exists(path)) throw new InvalidDataException($"'{directory}' holds no {WeightsFile}; is it the output of 'arcanum images synth fit'?");
        ModelWeights weights;
        IReadOnlyDictionary<string, string> meta;
        try
        {
            weights = SafeTensors.Read(path, out meta);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a readable safetensors file: {e.Message}", e);
        }
        if (!meta.TryGetValue("model", out var kind) || kind != Kind
            || !meta.TryGetValue("size", out var sizeText) || !int.TryParse(sizeText, CultureInfo.InvariantCulture, out var size)
            || !meta.TryGetValue("widths", out var widthText))
            throw new InvalidDataException($"{path} is not an Arcanum mask-to-image generator (its metadata lacks model/size/widths).");
        int[] widths;
        try
        {
            widths = widthText.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} has unreadable widths '{widthText}'.");
        }
        var generator = Create(size, widths, 0, TorchRuntime.ResolveDevice(device));
        try
        {
            ModuleWeights.Load(generator._network, weights, path);
        }
        catch (ArgumentException e)
        {
            generator.Dispose();
            throw new InvalidDataException($"{path} does not fit its own generator: {e.Message}", e);
        }
        return generator;
    }

    public void Dispose() => _network.Dispose();
}
