using Arcanum.Core.Learning;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// One held-out slice of a site, for the report: the image (first channel, normalised), its true
/// mask, and the federated and central models' foreground probabilities.
/// </summary>
public sealed record SegmentationExample(string Site, int Size, float[] Image, byte[] Truth, float[] Federated, float[]? Central)
{
    /// <summary>Each site's held-out slice with the largest true tumour, predicted by both models.</summary>
    public static IReadOnlyList<SegmentationExample> Pick(ILearner learner, ModelSpec spec, StudyData study, ModelWeights federated, ModelWeights? central)
    {
        var examples = new List<SegmentationExample>();
        foreach (var site in study.Sites)
        {
            var holdout = site.Holdout;
            if (holdout.Masks is null || holdout.Count == 0) continue;
            var area = holdout.MaskSize;
            var best = Enumerable.Range(0, holdout.Count).MaxBy(i => holdout.Masks.AsSpan(i * area, area).Count((byte)1));
            var one = holdout.Subset([best]);
            var size = holdout.SampleShape[1];
            examples.Add(new SegmentationExample(site.Name, size, one.Features[..area], one.Masks!,
                learner.PredictProbabilities(spec, federated, one), central is null ? null : learner.PredictProbabilities(spec, central, one)));
        }
        return examples;
    }
}
