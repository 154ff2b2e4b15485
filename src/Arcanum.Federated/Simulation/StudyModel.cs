using Arcanum.Core.Learning;
using Arcanum.Federated.Algorithms;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Simulation;

/// <summary>Turns a job and its data into the model, training and algorithm settings.</summary>
public static class StudyModel
{
    public static ModelSpec Spec(JobSpec job, StudyData study) => Spec(job, study.SampleShape, study.ClassCount, study.DataName);

    public static ModelSpec Spec(JobSpec job, int[] sampleShape, int classCount, string dataName)
    {
        var kind = job.Model switch
        {
            "logreg" => ModelKind.LogisticRegression,
            "mlp" => ModelKind.Mlp,
            "cnn" => ModelKind.Cnn,
            "unet" => ModelKind.UNet,
            _ => throw new JobSpecException($"Unknown model '{job.Model}': use {string.Join(", ", JobSpec.ModelNames)}."),
        };
        var isImage = sampleShape.Length == 3;
        int[] hidden = kind switch
        {
            ModelKind.Mlp => job.Hidden?.ToArray() ?? (isImage ? [256, 128] : [64, 32]),
            ModelKind.Cnn => job.Hidden?.Take(1).ToArray() ?? [],   // the width of its dense layer (512 when not given)
            ModelKind.UNet => job.Hidden?.ToArray() ?? [.. ModelSpec.DefaultUNetWidths],   // the channel widths of its levels
            _ => [],
        };
        if (kind == ModelKind.UNet && !isImage)
            throw new JobSpecException($"The U-Net segments images; '{dataName}' is a table.");
        if (kind == ModelKind.Cnn && !isImage)
            throw new JobSpecException($"The CNN needs image data; '{dataName}' is a table. Set \"model\" to logreg or mlp.");
        return new ModelSpec(kind, sampleShape, classCount, hidden);
    }

    public static TrainingOptions TrainingOptions(JobSpec job, StudyData study) =>
        TrainingOptions(job, job.ClassWeights == "balanced" ? BalancedWeights(study) : null);

    public static TrainingOptions TrainingOptions(JobSpec job, float[]? classWeights) => new()
    {
        Augmentation = job.Augment ?? job.IsSegmentation ? ImageAugmentation.Default : null,
        Epochs = job.LocalEpochs,
        BatchSize = job.BatchSize,
        LearningRate = job.LearningRate,
        RoundSchedule = job.RoundSchedule(),
        LocalSchedule = job.LocalSchedule(),
        Rounds = job.Rounds,
        Optimizer = job.Optimizer == "adam" ? OptimizerKind.Adam : OptimizerKind.Sgd,
        Momentum = job.Momentum,
        WeightDecay = job.WeightDecay,
        ClassWeights = classWeights,
        Seed = job.Seed,
    };

    public static AlgorithmOptions AlgorithmOptions(JobSpec job) => new()
    {
        Algorithm = AlgorithmRegistry.Find(job.Algorithm).Name,
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
        return BalancedWeights(counts);
    }

    /// <summary>Inverse class frequency n / (K · n_k) from the training rows per class (1 for an absent class).</summary>
    public static float[] BalancedWeights(long[] counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Sum();
        return counts.Select(c => c == 0 ? 1f : (float)(total / (double)(counts.Length * c))).ToArray();
    }
}
