using Arcanum.Core.Learning;
using Arcanum.Core.Weights;

namespace Arcanum.Federated.Tests.Support;

/// <summary>
/// Softmax regression with mini-batch SGD in plain C#: a learner with no native code, so the
/// simulator's own logic is tested without libtorch. Honours FedProx and SCAFFOLD objectives.
/// </summary>
internal sealed class PlainSoftmaxLearner : ILearner
{
    public ModelWeights Initialize(ModelSpec spec, int seed)
    {
        var random = new Random(seed);
        var w = new float[spec.ClassCount * spec.InputSize];
        for (var i = 0; i < w.Length; i++) w[i] = (float)((random.NextDouble() - 0.5) * 0.1);
        return new ModelWeights([new NamedArray("w", [spec.ClassCount, spec.InputSize], w), new NamedArray("b", [spec.ClassCount], new float[spec.ClassCount])]);
    }

    public LocalTrainingResult Train(ModelSpec spec, ModelWeights start, TensorDataset data, TrainingOptions options, LocalObjective objective, CancellationToken cancellationToken = default)
    {
        var weights = start.Clone();
        var w = weights["w"].Data;
        var b = weights["b"].Data;
        var k = spec.ClassCount;
        var d = spec.InputSize;
        var random = new Random(options.Seed);
        var order = Enumerable.Range(0, data.Count).ToArray();
        var steps = 0;
        var lastLoss = 0.0;
        var totalSteps = options.Epochs * ((data.Count + options.BatchSize - 1) / options.BatchSize);
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            var loss = 0.0;
            for (var start0 = 0; start0 < order.Length; start0 += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.Skip(start0).Take(options.BatchSize).ToArray();
                var rate = options.StepLearningRate(steps, totalSteps);
                var gw = new double[w.Length];
                var gb = new double[k];
                foreach (var row in batch)
                {
                    var p = Probabilities(w, b, data.Features.AsSpan(row * d, d), k, d);
                    var y = data.Labels[row];
                    loss -= Math.Log(Math.Max(1e-12, p[y]));
                    for (var c = 0; c < k; c++)
                    {
                        var g = p[c] - (c == y ? 1 : 0);
                        gb[c] += g;
                        for (var j = 0; j < d; j++) gw[c * d + j] += g * data.Features[row * d + j];
                    }
                }
                for (var i = 0; i < w.Length; i++)
                {
                    var g = gw[i] / batch.Length + Extra(objective, "w", i, w[i]);
                    w[i] -= (float)(rate * g);
                }
                for (var c = 0; c < k; c++)
                {
                    var g = gb[c] / batch.Length + Extra(objective, "b", c, b[c]);
                    b[c] -= (float)(rate * g);
                }
                steps++;
            }
            lastLoss = loss / data.Count;
        }
        return new LocalTrainingResult(weights, steps, data.Count, lastLoss);
    }

    public float[] PredictProbabilities(ModelSpec spec, ModelWeights weights, TensorDataset data)
    {
        var k = spec.ClassCount;
        var d = spec.InputSize;
        var result = new float[data.Count * k];
        for (var row = 0; row < data.Count; row++)
        {
            var p = Probabilities(weights["w"].Data, weights["b"].Data, data.Features.AsSpan(row * d, d), k, d);
            for (var c = 0; c < k; c++) result[row * k + c] = (float)p[c];
        }
        return result;
    }

    private static double Extra(LocalObjective objective, string name, int i, float value)
    {
        var extra = 0.0;
        if (objective.ProximalMu > 0 && objective.ProximalAnchor is { } anchor) extra += objective.ProximalMu * (value - anchor[name].Data[i]);
        if (objective.GradientCorrection is { } correction) extra += correction[name].Data[i];
        return extra;
    }

    private static double[] Probabilities(float[] w, float[] b, ReadOnlySpan<float> x, int k, int d)
    {
        var z = new double[k];
        for (var c = 0; c < k; c++)
        {
            var s = (double)b[c];
            for (var j = 0; j < d; j++) s += w[c * d + j] * x[j];
            z[c] = s;
        }
        var max = z.Max();
        var sum = 0.0;
        for (var c = 0; c < k; c++) sum += z[c] = Math.Exp(z[c] - max);
        for (var c = 0; c < k; c++) z[c] /= sum;
        return z;
    }
}
