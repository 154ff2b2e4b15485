using Arcanum.Core.Weights;
using Arcanum.Federated.Simulation;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Imaging;

/// <summary>
/// AsynDGAN's server half: the generator and its Adam, over every site's shared condition maps. A step generates each
/// asked site's batch and keeps it (with its graph) until the sites' gradients come back; <see cref="Apply"/> then
/// back-propagates Σ_j w_j ⟨fake_j, g_j⟩, whose gradient with respect to the fakes is Σ_j w_j g_j, through the generator.
/// </summary>
internal sealed class GeneratorTrainer : IGanServer
{
    private const string WeightsFile = "generator.safetensors", AdamFile = "generator.adam";
    private readonly MaskGanOptions _options;
    private readonly Device _device;
    private readonly Dictionary<string, Tensor> _conditions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _kept = new(StringComparer.Ordinal);
    private MaskImageGenerator? _generator;
    private bool _disposed;

    public GeneratorTrainer(int size, MaskGanOptions options, IReadOnlyList<GanConditions> sites, Device device)
    {
        _options = options;
        _device = device;
        _generator = MaskImageGenerator.Create(size, options.GeneratorWidths, options.Seed, device);
        try
        {
            Optimizer = new RootedAdam(_generator.Network.parameters(), options.LearningRate, options.Beta1, 0.999);
            var area = (long)size * size;
            foreach (var site in sites)
            {
                if (site.Count < 1 || site.Maps.LongLength != site.Count * 2 * area)
                    throw new ArgumentException($"Site '{site.Site}': expected {site.Count} condition maps of 2 x {size} x {size}; got {site.Maps.LongLength} values.");
                _conditions[site.Site] = tensor(site.Maps, [site.Count, 2, size, size]).to(device).DetachFromDisposeScope();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public MaskImageGenerator Generator => _generator ?? throw new ObjectDisposedException(nameof(GeneratorTrainer));

    public RootedAdam Optimizer { get; }

    /// <summary>Hands the generator to the caller (who disposes it); the trainer lets the rest go.</summary>
    public MaskImageGenerator TakeGenerator()
    {
        var generator = Generator;
        _generator = null;
        Dispose();
        return generator;
    }

    public void BeginEpoch(int epoch)
    {
        Optimizer.Rate = MaskImageGan.LearningRate(_options, epoch - 1);
        Generator.Network.train();
    }

    public float[] Generate(string site, long[] indices)
    {
        if (!_conditions.TryGetValue(site, out var conditions)) throw new ArgumentException($"No condition maps of site '{site}'.");
        using var scope = NewDisposeScope();
        var fake = Generator.Forward(conditions.index_select(0, tensor(indices).to(_device)));
        if (_kept.Remove(site, out var old)) old.Dispose();
        _kept[site] = fake.DetachFromDisposeScope();
        return HostFloats.ToArray(fake);
    }

    public void Apply(IReadOnlyList<(string Site, float[] Gradient, double Weight)> answers)
    {
        try
        {
            if (answers.Count == 0) return;
            using var scope = NewDisposeScope();
            Tensor? objective = null;
            foreach (var (site, gradient, weight) in answers)
            {
                var fake = _kept[site];
                using var w = weight.ToScalar();
                var term = (fake * tensor(gradient, fake.shape).to(_device)).sum() * w;
                objective = objective is null ? term : objective.Plus(term);
            }
            Optimizer.ZeroGrad();
            objective!.backward();
            Optimizer.Step();
        }
        finally
        {
            foreach (var t in _kept.Values) t.Dispose();
            _kept.Clear();
        }
    }

    public void SaveState(string folder)
    {
        SafeTensors.Write(Path.Combine(folder, WeightsFile), ModuleWeights.ToWeights(Generator.Network));
        Optimizer.SaveState(Path.Combine(folder, AdamFile));
    }

    public void LoadState(string folder)
    {
        try
        {
            ModuleWeights.Load(Generator.Network, SafeTensors.Read(Path.Combine(folder, WeightsFile)), "checkpointed generator");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The checkpoint in '{folder}' is of another generator: {e.Message}", e);
        }
        Optimizer.LoadState(Path.Combine(folder, AdamFile));
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _kept.Values.Concat(_conditions.Values)) t.Dispose();
        _kept.Clear();
        _conditions.Clear();
        Optimizer?.Dispose();
        _generator?.Dispose();
        _generator = null;
    }
}

/// <summary>AsynDGAN's site half over a <see cref="DiscriminatorSite"/>: plain arrays in and out, the epoch's learning rate set per step.</summary>
internal sealed class DiscriminatorHalf(DiscriminatorSite site, MaskGanOptions options, int size, float[] conditions, Device device) : IGanSite
{
    private const string WeightsFile = "discriminator.safetensors", AdamFile = "discriminator.adam";

    public DiscriminatorSite Site => site;

    public int Count => site.Count;

    public float[] Conditions => conditions;

    public GanStepAnswer Step(int epoch, long[] indices, float[] generated)
    {
        if (indices.Any(i => i < 0 || i >= site.Count)) throw new ArgumentException($"A step names slices outside this site's {site.Count}.");
        if (generated.LongLength != (long)indices.Length * size * size)
            throw new ArgumentException($"A step sent {generated.LongLength} generated values for {indices.Length} slices of {size} x {size}.");
        site.Optimizer.Rate = MaskImageGan.LearningRate(options, epoch - 1);
        using var scope = NewDisposeScope();
        var (gradient, d, adv, l1) = site.Step(tensor(indices).to(device), tensor(generated, [indices.Length, 1, size, size]).to(device));
        return new GanStepAnswer(HostFloats.ToArray(gradient), d, adv, l1);
    }

    public void SaveState(string folder)
    {
        SafeTensors.Write(Path.Combine(folder, WeightsFile), ModuleWeights.ToWeights(site.Discriminator));
        site.Optimizer.SaveState(Path.Combine(folder, AdamFile));
    }

    public void LoadState(string folder)
    {
        try
        {
            ModuleWeights.Load(site.Discriminator, SafeTensors.Read(Path.Combine(folder, WeightsFile)), "checkpointed discriminator");
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The checkpoint in '{folder}' is of another discriminator: {e.Message}", e);
        }
        try
        {
            site.Optimizer.LoadState(Path.Combine(folder, AdamFile));
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            // TorchSharp reads the optimizer file with a BinaryReader: a damaged length or shape surfaces as one of these.
            throw new InvalidDataException($"The optimizer state in '{folder}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>Safe to call twice (a site restored from an unreadable state is disposed before its job's open fails, if it does).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        site.Dispose();
    }

    private bool _disposed;
}
