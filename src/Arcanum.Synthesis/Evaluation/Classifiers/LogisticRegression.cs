using System.Globalization;

namespace Arcanum.Synthesis.Evaluation.Classifiers;

/// <summary>
/// Multinomial (softmax) logistic regression with an L2 penalty on the weights (not the intercepts),
/// minimising mean log-loss + (λ/2)·‖W‖² with λ = 1/n, which is scikit-learn's default C = 1. Solved
/// with <see cref="Lbfgs"/> from zero: deterministic, no learning rate to tune.
/// </summary>
internal sealed class LogisticRegression(int maxIterations = 500) : IClassifier
{
    private const int ChunkRows = 512;

    public string Name => "logistic_regression";

    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"L2-regularised multinomial logistic regression (penalty 1/n on the mean log-loss, like scikit-learn's C = 1), L-BFGS, at most {maxIterations} iterations");

    public IProbabilityModel Fit(float[] features, int width, int[] labels, int classCount)
    {
        var n = labels.Length;
        if (n == 0 || labels.Distinct().Count() < 2) return ConstantModel.Prior(labels, classCount);
        var stride = width + 1;
        var lambda = 1.0 / n;
        var chunks = (n + ChunkRows - 1) / ChunkRows;
        var partialLoss = new double[chunks];
        var partialGradients = new double[chunks][];

        double Objective(double[] theta, double[] gradient)
        {
            // Fixed chunks summed in order: the result does not depend on thread scheduling.
            Parallel.For(0, chunks, c =>
            {
                var local = partialGradients[c] ??= new double[theta.Length];
                Array.Clear(local);
                var logits = new double[classCount];
                double loss = 0;
                for (var i = c * ChunkRows; i < Math.Min(n, (c + 1) * ChunkRows); i++)
                {
                    var row = features.AsSpan(i * width, width);
                    Softmax(theta, row, stride, logits);
                    loss -= Math.Log(Math.Max(logits[labels[i]], 1e-300));
                    for (var k = 0; k < classCount; k++)
                    {
                        var residual = logits[k] - (labels[i] == k ? 1 : 0);
                        var offset = k * stride;
                        for (var j = 0; j < width; j++) local[offset + j] += residual * row[j];
                        local[offset + width] += residual;
                    }
                }
                partialLoss[c] = loss;
            });
            Array.Clear(gradient);
            double total = 0;
            for (var c = 0; c < chunks; c++)
            {
                total += partialLoss[c];
                var local = partialGradients[c];
                for (var p = 0; p < gradient.Length; p++) gradient[p] += local[p];
            }
            total /= n;
            for (var p = 0; p < gradient.Length; p++) gradient[p] /= n;
            for (var k = 0; k < classCount; k++)
            {
                for (var j = 0; j < width; j++)
                {
                    var w = theta[k * stride + j];
                    total += 0.5 * lambda * w * w;
                    gradient[k * stride + j] += lambda * w;
                }
            }
            return total;
        }

        var (solution, _, _) = Lbfgs.Minimize(Objective, new double[classCount * stride], maxIterations);
        return new Model(solution, width, classCount);
    }

    /// <summary>Writes the class probabilities of one row into <paramref name="output"/>.</summary>
    private static void Softmax(double[] theta, ReadOnlySpan<float> row, int stride, double[] output)
    {
        var width = stride - 1;
        var max = double.NegativeInfinity;
        for (var k = 0; k < output.Length; k++)
        {
            var offset = k * stride;
            var z = theta[offset + width];
            for (var j = 0; j < width; j++) z += theta[offset + j] * row[j];
            output[k] = z;
            max = Math.Max(max, z);
        }
        double sum = 0;
        for (var k = 0; k < output.Length; k++)
        {
            output[k] = Math.Exp(output[k] - max);
            sum += output[k];
        }
        for (var k = 0; k < output.Length; k++) output[k] /= sum;
    }

    private sealed class Model(double[] theta, int width, int classCount) : IProbabilityModel
    {
        public float[] PredictProbabilities(float[] features, int rows)
        {
            var output = new float[rows * classCount];
            Parallel.For(0, rows, () => new double[classCount], (i, _, p) =>
            {
                Softmax(theta, features.AsSpan(i * width, width), width + 1, p);
                for (var k = 0; k < classCount; k++) output[i * classCount + k] = Math.Clamp((float)p[k], 0f, 1f);
                return p;
            }, _ => { });
            return output;
        }
    }
}
