using Arcanum.Core.Learning;
using Arcanum.Core.Metrics;
using Arcanum.Core.Weights;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Reports;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Tests.Reports;

/// <summary>
/// A network study of 2 rounds over sites A, B and C, built by hand: no baselines, and C (down)
/// reported round 1 only, so it has no round-2 record and no final per-site metrics.
/// </summary>
internal static class SomeNetworkReport
{
    public const string Pooled = StudyReport.WeightedMeanDescription;

    public static ClassificationMetrics Metrics(double auroc, int count) => new(auroc, 0.6, 0.7, 0.65, 0.5, 0.2, 0.05, count);

    public static StudyReport Build()
    {
        var a1 = Metrics(0.71, 20);
        var b1 = Metrics(0.62, 10);
        var c1 = Metrics(0.55, 10);
        var a2 = Metrics(0.81, 20);
        var b2 = Metrics(0.72, 10);
        return new StudyReport(
            new JobSpec { Rounds = 2 },
            "pbc3",
            ["A", "B", "C"],
            ["alive", "dead"],
            new ModelSpec(ModelKind.LogisticRegression, [3], 2, []),
            new ModelWeights([new NamedArray("w", [2, 3], new float[6]), new NamedArray("b", [2], new float[2])]),
            [
                new RoundRecord(1, "A", true, 80, 0.6, a1),
                new RoundRecord(1, "B", true, 40, 0.7, b1),
                new RoundRecord(1, "C", true, 40, 0.8, c1),
                new RoundRecord(1, StudyReport.PooledSiteName, true, 160, 0.675, Metrics(0.6475, 40)),
                new RoundRecord(2, "A", true, 80, 0.5, a2),
                new RoundRecord(2, "B", true, 40, 0.6, b2),
                new RoundRecord(2, StudyReport.PooledSiteName, true, 120, 0.533333, Metrics(0.78, 30)),
            ],
            new Evaluation(Metrics(0.78, 30), new Dictionary<string, ModelMetrics> { ["A"] = a2, ["B"] = b2 }, []),
            Central: null,
            Local: [],
            TimeSpan.FromSeconds(42),
            EncoderJson: null,
            FeatureNames: ["age", "bili", "alb"],
            StudyReport.NetworkMode,
            Pooled,
            new Dictionary<string, SiteRows> { ["A"] = new(80, 20, [15, 5]), ["B"] = new(40, 10, [6, 4]), ["C"] = new(40, 10, [7, 3]) });
    }
}
