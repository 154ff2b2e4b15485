using Arcanum.Core.Weights;
using Arcanum.Federated.Aggregation;

namespace Arcanum.Federated.Algorithms;

/// <summary>What a site sends back after one round of local training. Plain data.</summary>
public sealed record RoundResult
{
    private ModelWeights? _weights;

    /// <param name="Site">The site's id; a site counts at most once per round.</param>
    /// <param name="SampleCount">Training samples at the site: the site's weight in sample-weighted means.</param>
    /// <param name="Weights">The full trained weights (not a difference).</param>
    /// <param name="ControlDelta">SCAFFOLD's Δc_i = c_i⁺ − c_i, otherwise null.</param>
    /// <param name="LocalSteps">Optimizer steps the site took this round.</param>
    public RoundResult(string Site, long SampleCount, ModelWeights Weights, ModelWeights? ControlDelta, int LocalSteps)
    {
        ArgumentNullException.ThrowIfNull(Weights);
        this.Site = Site;
        this.SampleCount = SampleCount;
        _weights = Weights;
        this.ControlDelta = ControlDelta;
        this.LocalSteps = LocalSteps;
    }

    /// <summary>A result whose weights have arrived but are not read yet (see <see cref="IWeightUpload"/>).</summary>
    public RoundResult(string site, long sampleCount, IWeightUpload upload, int localSteps)
    {
        ArgumentNullException.ThrowIfNull(upload);
        Site = site;
        SampleCount = sampleCount;
        Upload = upload;
        LocalSteps = localSteps;
    }

    public string Site { get; init; }

    public long SampleCount { get; init; }

    /// <summary>The full trained weights; an unread upload is read whole on first use.</summary>
    public ModelWeights Weights
    {
        get => _weights ??= Upload!.ReadAll();
        init => _weights = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The unread upload behind <see cref="Weights"/>, when the weights were not given in memory.</summary>
    public IWeightUpload? Upload { get; init; }

    /// <summary>Whether the weights are an unread upload that can be folded without reading it whole.</summary>
    public bool IsUnread => _weights is null && Upload is not null;

    public ModelWeights? ControlDelta { get; init; }

    public int LocalSteps { get; init; }
}
