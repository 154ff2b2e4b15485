using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>Turns a job and its data into the model, training and algorithm settings.</summary>
public static class StudyModel
{
    public static ModelSpec Spec(JobSpec job, StudyData study)
    {
        var kind = job.Model switch
        {
            "logreg" => ModelKind.LogisticRegression,
            "mlp" => ModelKind.Mlp,
            "cnn" => ModelKind.Cnn,
            _ => throw new JobSpecException($"Unknown model '{job.Model}': use logreg, mlp or cnn."),
        };
        var isImage = study.SampleShape.Length == 3;
        int[] hidden = kind switch
        {
            ModelKind.Mlp => job.Hidden?.ToArray() ?? (isImage ? [256, 128] : [64, 32]),
            ModelKind.Cnn => job.Hidden?.Take(1).ToArray() ?? [],   // the width of its dense layer (512 when not given)
            _ => [],
        };
        if (kind == ModelKind.Cnn && !isImage)
            throw new JobSpecException($"The CNN needs image data; '{study.DataName}' is a table. Use --model logreg or --model mlp.");
        return new ModelSpec(kind, study.SampleShape, study.ClassCount, hidden);
    }

    public static TrainingOptions TrainingOptions(JobSpec job, StudyData study) => new()
    {
        Epochs = job.LocalEpochs,
        BatchSize = job.BatchSize,
        LearningRate = job.LearningRate,
        Optimizer = job.Optimizer == "adam" ? OptimizerKind.Adam : OptimizerKind.Sgd,
        Momentum = job.Momentum,
        WeightDecay = job.WeightDecay,
        ClassWeights = job.ClassWeights == "balanced" ? BalancedWeights(study) : null,
        Seed = job.Seed,
    };

    public static AlgorithmOptions AlgorithmOptions(JobSpec job) => new()
    {
        Kind = AlgorithmKindNames.Parse(job.Algorithm),
        ProximalMu = job.Mu,
        ServerLearningRate = job.ServerLearningRate,
        ServerMomentum = job.ServerMomentum,
    };

    /// <summary>Inverse class frequency over every site's training rows: n / (K · n_k).</summary>
    private static float[] BalancedWeights(StudyData study)
    {
        var counts = new long[study.ClassCount];
        foreach (var site in study.Sites)
        {
            foreach (var y in site.Train.Labels) counts[y]++;
        }
        var total = counts.Sum();
        return counts.Select(c => c == 0 ? 1f : (float)(total / (double)(study.ClassCount * c))).ToArray();
    }
}
