using System.Text.Json.Nodes;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;
using Arcanum.Synthesis.Transform;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// CTGAN (Xu et al., NeurIPS 2019) on TorchSharp: mode-specific normalisation, a conditional vector with
/// training-by-sampling, a PacGAN critic trained as a WGAN with gradient penalty, Gumbel-softmax outputs.
/// Differences from the reference implementation, on purpose: explicit conditions set the bit of the right
/// column (CTGAN#169), the generator samples in evaluation mode, unconditioned sampling draws conditions by
/// real (not log) frequency, and missing values are a slot of their own. With differential privacy the
/// critic trains with DP-SGD on Poisson-sampled real rows, packing 1 (a pack of 10 would let one patient
/// change ten rows' packs); the generator only sees the critic, so it inherits the guarantee.
/// </summary>
public sealed class CtganSynthesizer : ISynthesizer, IDisposable
{
    public const string KindName = "ctgan";

    private readonly ModeSpecificTransformer _transformer;
    private readonly ConditionVectors _conditions;
    private readonly CtganGenerator _generator;
    private readonly Device _device;
    private readonly int _embedding;
    private readonly int[] _generatorDims;
    private readonly int[] _criticDims;
    private readonly int _pac;

    private CtganSynthesizer(TableSchema schema, ModeSpecificTransformer transformer, ConditionVectors conditions, CtganGenerator generator,
        Device device, int embedding, int[] generatorDims, int[] criticDims, int pac, TrainingSummary training)
    {
        Schema = schema;
        _transformer = transformer;
        _conditions = conditions;
        _generator = generator;
        _device = device;
        _embedding = embedding;
        _generatorDims = generatorDims;
        _criticDims = criticDims;
        _pac = pac;
        Training = training;
    }

    public string Kind => KindName;

    public TableSchema Schema { get; }

    public TrainingSummary Training { get; }

    /// <summary>
    /// Fits the model. libtorch's random generator is process-wide, so fits (and generation) take
    /// <see cref="TorchRuntime.RandomLock"/>: the same seed gives the same model even when other work runs.
    /// </summary>
    public static CtganSynthesizer Fit(DataTable table, TableSchema schema, NeuralOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        lock (TorchRuntime.RandomLock) return FitSeeded(table, schema, options, progress, cancellation);
    }

    private static CtganSynthesizer FitSeeded(DataTable table, TableSchema schema, NeuralOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(options.Device);
        var dp = options.Privacy;
        var (fitRows, validation) = SplitValidation(table, options);
        var prepared = NeuralCommon.Prepare(fitRows, schema, options);
        var (transformer, conditions, data, rows, clock) = prepared;
        const int embedding = 128;
        int[] generatorDims = [256, 256], criticDims = [256, 256];
        var (pac, batch, stepsPerEpoch, epochs) = CtganSchedule.For(rows, options);
        using var selector = validation is null ? null : new SnapshotSelector(validation, epochs, options.Seed);

        torch.random.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        var generator = new CtganGenerator(embedding + conditions.Width, generatorDims, transformer.Width);
        generator.to(device);
        using var critic = new CtganCritic(transformer.Width + conditions.Width, pac, criticDims);
        critic.to(device);
        var criticWeights = critic.Weights();
        using var optimizerG = new RootedAdam(generator.parameters(), 2e-4, 0.5, 0.9, weightDecay: 1e-6);
        using var optimizerD = new RootedAdam(critic.parameters(), 2e-4, 0.5, 0.9, weightDecay: 1e-6);
        using var real = tensor(data, [rows, transformer.Width]).to(device);
        using var privacy = dp is null ? null : new DpSgd(criticWeights, dp, rows, batch, (long)epochs * stepsPerEpoch);

        var losses = new Dictionary<string, double>();
        string? stopped = null;
        var epochsDone = 0;
        for (var epoch = 0; epoch < epochs && stopped is null; epoch++)
        {
            double sumD = 0, sumG = 0;
            var steps = 0;
            for (var step = 0; step < stepsPerEpoch; step++)
            {
                cancellation.ThrowIfCancellationRequested();
                if (privacy is not null && !privacy.CanStep())
                {
                    stopped = FormattableString.Invariant($"the next step would spend more than epsilon {dp!.TargetEpsilon}");
                    break;
                }
                using var scope = NewDisposeScope();
                generator.train();
                critic.train();
                var lossD = privacy is null
                    ? CriticStep(generator, critic, criticWeights, optimizerD, real, transformer, conditions, batch, embedding, device, random)
                    : PrivateCriticStep(generator, critic, optimizerD, privacy, real, data, transformer, conditions, embedding, device, random);
                var lossG = GeneratorStep(generator, critic, criticWeights, optimizerG, transformer, conditions, batch, embedding, device, random);
                sumD += lossD;
                sumG += lossG;
                steps++;
                // Mid-epoch reports keep a slow (DP) epoch visible; the losses are the last complete epoch's.
                if (step + 1 < stepsPerEpoch) progress?.Report(new TrainingProgress(epoch + 1, epochs, losses, null) { Step = step + 1, Steps = stepsPerEpoch });
            }
            if (steps == 0) break;
            epochsDone = epoch + 1;
            losses = new Dictionary<string, double> { ["generator"] = sumG / steps, ["critic"] = sumD / steps };
            if (selector is not null && selector.Due(epochsDone, epochs))
            {
                generator.eval();
                selector.Consider(epochsDone, generator, (count, seed) => NeuralCommon.Generate(schema, transformer, conditions, device, count, null, seed,
                    condition => Fake(generator, transformer, condition, embedding, device)));
            }
            progress?.Report(new TrainingProgress(epochsDone, epochs, losses, privacy?.Epsilon));
        }

        selector?.Restore(generator);
        generator.eval();
        var summary = new TrainingSummary
        {
            Rows = rows, Epochs = epochsDone, Seconds = clock.Elapsed.TotalSeconds, FinalLosses = losses, StoppedEarly = stopped,
            Privacy = privacy is null ? null : privacy.Budget() with { Scope = "critic (DP-SGD, pack 1); the generator sees only the critic. Column ranges, levels, level counts and mixture modes are read from the data without noise." },
        };
        var schedule = new JsonObject { ["batch_size"] = batch, ["steps_per_epoch"] = stepsPerEpoch, ["epochs"] = epochs };
        if (selector is not null)
        {
            schedule["validation_rows"] = selector.ValidationRows;
            schedule["selected_epoch"] = selector.BestEpoch;
            schedule["validation_fidelity"] = Math.Round(selector.BestScore, 4);
        }
        return new CtganSynthesizer(schema, transformer, conditions, generator, device, embedding, generatorDims, criticDims, pac, summary) { _schedule = schedule };
    }

    /// <summary>
    /// Without DP, <see cref="NeuralOptions.ValidationShare"/> of the rows (drawn with the seed) are held out of
    /// training for <see cref="SnapshotSelector"/>; with DP, or a share of 0, or under 100 rows, none.
    /// </summary>
    private static (DataTable Fit, DataTable? Validation) SplitValidation(DataTable table, NeuralOptions options)
    {
        var held = (int)Math.Round(table.RowCount * options.ValidationShare);
        if (options.Privacy is not null || held < 1 || table.RowCount < MinimumRowsForValidation) return (table, null);
        var order = Enumerable.Range(0, table.RowCount).ToArray();
        new Random(options.Seed).Shuffle(order);
        return (table.Select([.. order.Skip(held).Order()]), table.Select([.. order.Take(held).Order()]));
    }

    private const int MinimumRowsForValidation = 100;

    private JsonObject? _schedule;

    private static (Tensor Condition, int[] Real) TrainingConditions(ConditionVectors conditions, int batch, int rows, Device device, Random random)
    {
        if (conditions.Columns.Count == 0)
            return (zeros(batch, 0, device: device), Enumerable.Range(0, batch).Select(_ => random.Next(rows)).ToArray());
        var picks = new (int, int)[batch];
        for (var i = 0; i < batch; i++) picks[i] = conditions.DrawForTraining(random);
        var real = picks.Select(p => conditions.DrawRow(p.Item1, p.Item2, random)).ToArray();
        return (NeuralCommon.ConditionTensor(conditions, picks, device), real);
    }

    private static Tensor Fake(CtganGenerator generator, ModeSpecificTransformer transformer, Tensor condition, int embedding, Device device)
    {
        var z = randn(condition.shape[0], embedding, device: device);
        return Functional.ApplyActivations(generator.forward(NeuralCommon.Join(z, condition)), transformer.Spans);
    }

    /// <summary>Training-by-sampling: fake rows for drawn conditions, real rows that have the (shuffled) same conditions.</summary>
    private static double CriticStep(CtganGenerator generator, CtganCritic critic, IReadOnlyList<TorchSharp.Modules.Parameter> weights, RootedAdam optimizer,
        Tensor real, ModeSpecificTransformer transformer, ConditionVectors conditions, int batch, int embedding, Device device, Random random)
    {
        var rows = (int)real.shape[0];
        var (fakeCondition, _) = TrainingConditions(conditions, batch, rows, device, random);
        var (realCondition, realRows) = TrainingConditions(conditions, batch, rows, device, random);
        Tensor fake;
        using (no_grad()) fake = Fake(generator, transformer, fakeCondition, embedding, device);
        var realInput = NeuralCommon.Join(real.index_select(0, tensor(realRows.Select(r => (long)r).ToArray()).to(device)), realCondition);
        var fakeInput = NeuralCommon.Join(fake, fakeCondition);
        var loss = (-(critic.Score(realInput, weights).mean() - critic.Score(fakeInput, weights).mean()))
            .Plus(critic.GradientPenalty(weights, realInput, fakeInput).mean());
        optimizer.ZeroGrad();
        loss.backward();
        optimizer.Step();
        return loss.item<float>();
    }

    /// <summary>
    /// DP-SGD critic step. Real rows are Poisson-sampled; each is paired with a fake row made for the real
    /// row's own level of a randomly chosen categorical column, so a pair's loss −D(real) + D(fake) + GP is
    /// the per-patient term whose gradient is clipped. The fakes come from the generator in evaluation mode:
    /// in training mode its BatchNorm would mix the batch's conditions, so fake row j (and the running
    /// statistics saved with the generator) would depend on real row i.
    /// </summary>
    private static double PrivateCriticStep(CtganGenerator generator, CtganCritic critic, RootedAdam optimizer, DpSgd privacy,
        Tensor real, float[] data, ModeSpecificTransformer transformer, ConditionVectors conditions, int embedding, Device device, Random random)
    {
        var rows = (int)real.shape[0];
        var sampled = privacy.PoissonSample(rows);
        var count = sampled.Length;
        var picks = sampled.Select(r =>
        {
            if (conditions.Columns.Count == 0) return (-1, 0);
            var j = random.Next(conditions.Columns.Count);
            return (j, conditions.SlotOf(data, transformer.Width, r, j));
        }).ToArray();
        optimizer.ZeroGrad();
        if (count == 0)
        {
            privacy.ComputeGradients(0, _ => throw new InvalidOperationException("no rows"));
            optimizer.Step();
            return 0;
        }
        var condition = NeuralCommon.ConditionTensor(conditions, picks, device);
        Tensor fake;
        using (no_grad())
        {
            generator.eval();
            fake = Fake(generator, transformer, condition, embedding, device);
            generator.train();
        }
        var realInput = NeuralCommon.Join(real.index_select(0, tensor(sampled.Select(r => (long)r).ToArray()).to(device)), condition);
        var fakeInput = NeuralCommon.Join(fake, condition);
        var noise = CriticNoise.Draw(critic, count, device);
        double total = 0;
        privacy.ComputeGradients(count, tape =>
        {
            var sum = critic.PrivateRowLosses(realInput, fakeInput, noise, tape).sum();
            total = sum.item<float>();
            return sum;
        });
        optimizer.Step();
        return total / count;
    }

    private static double GeneratorStep(CtganGenerator generator, CtganCritic critic, IReadOnlyList<TorchSharp.Modules.Parameter> weights, RootedAdam optimizer,
        ModeSpecificTransformer transformer, ConditionVectors conditions, int batch, int embedding, Device device, Random random)
    {
        var (condition, _) = TrainingConditions(conditions, batch, 1, device, random);
        var z = randn(batch, embedding, device: device);
        var raw = generator.forward(NeuralCommon.Join(z, condition));
        var fake = Functional.ApplyActivations(raw, transformer.Spans);
        var loss = -critic.Score(NeuralCommon.Join(fake, condition), weights).mean();
        if (conditions.Width > 0) loss = loss.Plus(Functional.ConditionLoss(raw, conditions, condition).mean());
        optimizer.ZeroGrad();
        loss.backward();
        optimizer.Step();
        return loss.item<float>();
    }

    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions) => NeuralCommon.NativelyServed(_conditions, conditions);

    public DataTable Generate(int count, RowConditions? conditions, int seed)
    {
        _generator.eval();
        return NeuralCommon.Generate(Schema, _transformer, _conditions, _device, count, conditions, seed,
            condition => Fake(_generator, _transformer, condition, _embedding, _device));
    }

    public void SaveFiles(string directory) => NeuralCommon.SaveWeights(_generator, directory, "ctgan-generator");

    public JsonObject ParametersJson() => new()
    {
        ["embedding_dim"] = _embedding,
        ["generator_dims"] = new JsonArray(_generatorDims.Select(d => (JsonNode)d).ToArray()),
        ["critic_dims"] = new JsonArray(_criticDims.Select(d => (JsonNode)d).ToArray()),
        ["pac"] = _pac,
        ["schedule"] = _schedule?.DeepClone(),
        ["transformer"] = _transformer.ToJson(),
        ["condition_counts"] = NeuralCommon.CountsJson(_conditions),
    };

    /// <exception cref="SynthesisException">The folder's files do not make a CTGAN model.</exception>
    public static CtganSynthesizer Load(SynthesizerHeader header, string directory, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(header);
        TorchRuntime.EnsureLoaded();
        var torchDevice = TorchRuntime.ResolveDevice(device);
        var p = header.Parameters;
        var (transformer, conditions, embedding, generatorDims, criticDims, pac) = SynthesisException.Reading("The model's parameters are damaged", () =>
        {
            var transformer = ModeSpecificTransformer.FromJson(p["transformer"], header.Schema);
            return (transformer, new ConditionVectors(transformer, NeuralCommon.CountsFromJson(p["condition_counts"])),
                p["embedding_dim"]?.GetValue<int>() ?? throw new SynthesisException("The model has no embedding_dim."),
                NeuralCommon.IntArray(p["generator_dims"], "generator_dims"), NeuralCommon.IntArray(p["critic_dims"], "critic_dims"),
                p["pac"]?.GetValue<int>() ?? 10);
        });
        var generator = new CtganGenerator(embedding + conditions.Width, generatorDims, transformer.Width);
        NeuralCommon.LoadWeights(generator, directory);
        generator.to(torchDevice);
        generator.eval();
        return new CtganSynthesizer(header.Schema, transformer, conditions, generator, torchDevice, embedding, generatorDims,
            criticDims, pac, header.Training);
    }

    public void Dispose() => _generator.Dispose();
}
