using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Arcanum.Core.Learning;
using Arcanum.Torch;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Bench;

/// <summary>
/// Training speed, side by side in one run: Arcanum's trainer against a bare TorchSharp loop on the
/// same model (the floor libtorch sets), against a plain PyTorch script (Debian's python3-torch),
/// and as GFLOP/s against a large SGEMM measured in the same process (the practical peak).
/// </summary>
internal static class SpeedBenchmark
{
    private const int Batch = 64;

    public static int Run(string[] args)
    {
        var threads = 2;
        var repeats = 7;
        TorchRuntime.EnsureLoaded();
        TorchRuntime.SetThreads(threads);
        var gemm = GemmGflops();

        Console.WriteLine($"# Training speed: batch {Batch}, {threads} threads, SGD momentum 0.9, {repeats} back-to-back pairs");
        Console.WriteLine($"# {Machine.Describe()}; TorchSharp 0.107 / libtorch 2.10 CPU");
        Console.WriteLine();
        Console.WriteLine("| model | Arcanum trainer | bare TorchSharp loop | Arcanum overhead | PyTorch script | Arcanum / PyTorch | Arcanum GFLOP/s | % of measured SGEMM peak |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, spec, samples) in new[]
        {
            ("mlp", new ModelSpec(ModelKind.Mlp, [784], 10, [256, 128]), 51_200),
            ("cnn", new ModelSpec(ModelKind.Cnn, [1, 28, 28], 10, []), 6_400),
        }.Where(m => args.Length == 0 || args.Contains(m.Item1)))
        {
            var data = RandomData(spec, samples);
            var arcanum = 0.0;
            var bare = 0.0;
            var ratios = new List<double>();
            for (var r = 0; r <= repeats; r++)
            {
                // Back-to-back pairs: a shared machine's speed drifts over seconds, so the overhead is
                // the median of per-pair ratios, not a ratio of bests taken at different moments.
                // Pass 0 warms up.
                // The order alternates within pairs, so neither side always runs first.
                double a, b;
                if (r % 2 == 0)
                {
                    a = ArcanumSamplesPerSecond(spec, data);
                    b = BareSamplesPerSecond(spec, data);
                }
                else
                {
                    b = BareSamplesPerSecond(spec, data);
                    a = ArcanumSamplesPerSecond(spec, data);
                }
                if (r == 0) continue;
                arcanum = Math.Max(arcanum, a);
                bare = Math.Max(bare, b);
                ratios.Add(b / a);
            }
            ratios.Sort();
            var overhead = ratios[ratios.Count / 2] - 1;
            var pytorch = PyTorchSamplesPerSecond(name, threads, samples);
            var flops = TrainingFlopsPerSample(spec);
            var gflops = arcanum * flops / 1e9;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} ({flops / 1e6:F1} MFLOP/sample) | {arcanum:N0} samples/s | {bare:N0} samples/s | {overhead * 100:+0.0;-0.0}% | {(pytorch is { } p ? $"{p:N0} samples/s" : "n/a")} | {(pytorch is { } q ? $"{arcanum / q:F2}x" : "n/a")} | {gflops:F1} | {gflops / gemm * 100:F0}% |"));
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Measured SGEMM peak (2048x2048, {threads} threads, libtorch): {gemm:F1} GFLOP/s. Overhead = median over back-to-back pairs of bare / Arcanum - 1 (positive: Arcanum is slower); throughputs are the best pass of each."));
        return 0;
    }

    private static TensorDataset RandomData(ModelSpec spec, int samples)
    {
        var random = new Random(1);
        var features = new float[samples * spec.InputSize];
        for (var i = 0; i < features.Length; i++) features[i] = (float)random.NextDouble();
        var labels = Enumerable.Range(0, samples).Select(_ => random.Next(spec.ClassCount)).ToArray();
        return new TensorDataset(features, labels, spec.InputShape, spec.ClassCount);
    }

    private static double ArcanumSamplesPerSecond(ModelSpec spec, TensorDataset data)
    {
        var learner = new TorchLearner("cpu");
        var start = learner.Initialize(spec, 1);
        var options = new TrainingOptions { Epochs = 1, BatchSize = Batch, LearningRate = 0.01, Momentum = 0.9, Seed = 3 };
        var clock = Stopwatch.StartNew();
        learner.Train(spec, start, data, options, LocalObjective.Plain);
        return data.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The loop anyone would write with TorchSharp: whole data as one tensor, a random permutation, index, step.</summary>
    private static double BareSamplesPerSecond(ModelSpec spec, TensorDataset data)
    {
        using var model = ModelFactory.Create(spec, seed: 1, device: null);
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        using var lossFunction = nn.CrossEntropyLoss();
        using var x = tensor(data.Features, [data.Count, .. spec.InputShape.Select(d => (long)d)]);
        using var y = tensor(data.Labels.Select(v => (long)v).ToArray());
        model.train();
        var clock = Stopwatch.StartNew();
        using (var permutation = randperm(data.Count))
        {
            for (long i = 0; i < data.Count; i += Batch)
            {
                using var scope = NewDisposeScope();
                var index = permutation.slice(0, i, Math.Min(i + Batch, data.Count), 1);
                optimizer.zero_grad();
                var loss = lossFunction.call(model.call(x.index_select(0, index)), y.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }
        return data.Count / clock.Elapsed.TotalSeconds;
    }

    private static double? PyTorchSamplesPerSecond(string model, int threads, int samples)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", "speed.py");
        if (!File.Exists("/usr/bin/python3") || !File.Exists(script)) return null;
        var info = new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using (var probe = Process.Start(info)!)
        {
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                Console.Error.WriteLine("PyTorch reference skipped: python3-torch is not installed (apt-get install python3-torch).");
                return null;
            }
        }
        var run = new ProcessStartInfo("/usr/bin/python3", [script, "--model", model, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--samples", samples.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(run)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) return null;
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return json.RootElement.GetProperty("samples_per_s").GetDouble();
    }

    /// <summary>Multiply-adds ×2 for the forward pass, ×3 for forward + backward (input and weight gradients).</summary>
    internal static double TrainingFlopsPerSample(ModelSpec spec)
    {
        double forward;
        if (spec.Kind == ModelKind.Cnn)
        {
            var (c, h, w) = (spec.InputShape[0], spec.InputShape[1], spec.InputShape[2]);
            var dense = spec.HiddenSizes.Length > 0 ? spec.HiddenSizes[0] : 512;
            forward = 2.0 * (h * w * 32 * 25 * c + (h / 2) * (w / 2) * 64 * 25 * 32 + 64 * (h / 4) * (w / 4) * dense + dense * spec.ClassCount);
        }
        else
        {
            var sizes = new[] { spec.InputSize }.Concat(spec.HiddenSizes).Append(spec.ClassCount).ToArray();
            forward = 2.0 * sizes.Zip(sizes.Skip(1), (a, b) => (double)a * b).Sum();
        }
        return 3 * forward;
    }

    private static double GemmGflops()
    {
        const int n = 2048;
        using var a = rand(n, n);
        using var b = rand(n, n);
        using (var warm = a.matmul(b)) { }
        var best = double.MaxValue;
        for (var r = 0; r < 5; r++)
        {
            var clock = Stopwatch.StartNew();
            using var c = a.matmul(b);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
