using System.Text.Json.Nodes;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;
using Arcanum.Synthesis.Transform;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>
/// TVAE (Xu et al., NeurIPS 2019): a variational autoencoder over the mode-specific transform, with a learned
/// σ per α column. Here it is conditional: encoder and decoder also see CTGAN's conditional vector (a random
/// categorical column's level, the row's own), so categorical conditions are served by the decoder rather
/// than by filtering. With differential privacy the whole network trains with DP-SGD: the decoder's
/// reconstruction loss reads the real row too, not only the encoder.
/// </summary>
public sealed class TvaeSynthesizer : ISynthesizer, IDisposable
{
    public const string KindName = "tvae";

    private readonly ModeSpecificTransformer _transformer;
    private readonly ConditionVectors _conditions;
    private readonly TvaeNetwork _network;
    private readonly Device _device;

    private TvaeSynthesizer(TableSchema schema, ModeSpecificTransformer transformer, ConditionVectors conditions, TvaeNetwork network, Device device, TrainingSummary training)
    {
        Schema = schema;
        _transformer = transformer;
        _conditions = conditions;
        _network = network;
        _device = device;
        Training = training;
    }

    public string Kind => KindName;

    public TableSchema Schema { get; }

    public TrainingSummary Training { get; }

    /// <summary>
    /// Fits the model. libtorch's random generator is process-wide, so fits (and generation) take
    /// <see cref="TorchRuntime.RandomLock"/>: the same seed gives the same model even when other work runs.
    /// </summary>
    public static TvaeSynthesizer Fit(DataTable table, TableSchema schema, NeuralOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        lock (TorchRuntime.RandomLock) return FitSeeded(table, schema, options, progress, cancellation);
    }

    private static TvaeSynthesizer FitSeeded(DataTable table, TableSchema schema, NeuralOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        TorchRuntime.EnsureLoaded();
        var device = TorchRuntime.ResolveDevice(options.Device);
        var (transformer, conditions, data, rows, clock) = NeuralCommon.Prepare(table, schema, options);
        torch.random.manual_seed(options.Seed);
        var random = new Random(options.Seed);
        var network = new TvaeNetwork(transformer.Width, conditions.Width);
        network.to(device);
        var weights = network.Weights();
        using var optimizer = new RootedAdam(network.parameters(), 1e-3, weightDecay: 1e-5);
        using var real = tensor(data, [rows, transformer.Width]).to(device);
        var batch = Math.Min(options.BatchSize ?? NeuralOptions.DefaultBatchSize, rows);
        var dp = options.Privacy;
        var epochs = options.Epochs ?? NeuralOptions.DefaultEpochs;
        var stepsPerEpoch = dp is null ? (rows + batch - 1) / batch : Math.Max(rows / batch, 1);
        using var privacy = dp is null ? null : new DpSgd(weights, dp, rows, batch, (long)epochs * stepsPerEpoch);
        var alphaColumns = tensor(transformer.Spans.Where(s => s.Activation == SpanActivation.Tanh).Select(s => (long)s.Start).ToArray()).to(device);

        var losses = new Dictionary<string, double>();
        string? stopped = null;
        var epochsDone = 0;
        var order = Enumerable.Range(0, rows).ToArray();
        for (var epoch = 0; epoch < epochs && stopped is null; epoch++)
        {
            random.Shuffle(order);
            double sum = 0;
            long counted = 0;
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
                network.train();
                var picked = privacy is null ? order.Skip(step * batch).Take(batch).ToArray() : privacy.PoissonSample(rows);
                var picks = picked.Select(r => RowCondition(conditions, data, transformer.Width, r, random)).ToArray();
                var x = picked.Length == 0 ? zeros(0, transformer.Width, device: device) : real.index_select(0, tensor(picked.Select(r => (long)r).ToArray()).to(device));
                var condition = NeuralCommon.ConditionTensor(conditions, picks, device);
                optimizer.ZeroGrad();
                var noise = randn(picked.Length, TvaeNetwork.Embedding, device: device);
                if (privacy is null)
                {
                    var loss = network.RowLosses(x, condition, noise, weights, transformer.Spans, alphaColumns).mean();
                    loss.backward();
                    sum += loss.item<float>() * picked.Length;
                }
                else
                {
                    privacy.ComputeGradients(picked.Length, tape =>
                    {
                        var total = network.RowLosses(x, condition, noise, tape, transformer.Spans, alphaColumns).sum();
                        sum += total.item<float>();
                        return total;
                    });
                }
                optimizer.Step();
                network.ClampSigma();
                counted += picked.Length;
                steps++;
                // Mid-epoch reports keep a slow (DP) epoch visible; the losses are the last complete epoch's.
                if (step + 1 < stepsPerEpoch) progress?.Report(new TrainingProgress(epoch + 1, epochs, losses, null) { Step = step + 1, Steps = stepsPerEpoch });
            }
            if (steps == 0) break;
            epochsDone = epoch + 1;
            losses = new Dictionary<string, double> { ["loss"] = counted == 0 ? 0 : sum / counted };
            progress?.Report(new TrainingProgress(epochsDone, epochs, losses, privacy?.Epsilon));
        }
        network.eval();
        var summary = new TrainingSummary
        {
            Rows = rows, Epochs = epochsDone, Seconds = clock.Elapsed.TotalSeconds, FinalLosses = losses, StoppedEarly = stopped,
            Privacy = privacy is null ? null : privacy.Budget() with { Scope = "the whole autoencoder (DP-SGD). Column ranges, levels, level counts and mixture modes are read from the data without noise." },
        };
        return new TvaeSynthesizer(schema, transformer, conditions, network, device, summary);
    }

    /// <summary>The row's own level of a random categorical column.</summary>
    private static (int, int) RowCondition(ConditionVectors conditions, float[] data, int width, int row, Random random)
    {
        if (conditions.Columns.Count == 0) return (-1, 0);
        var j = random.Next(conditions.Columns.Count);
        return (j, conditions.SlotOf(data, width, row, j));
    }

    public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions) => NeuralCommon.NativelyServed(_conditions, conditions);

    public DataTable Generate(int count, RowConditions? conditions, int seed)
    {
        _network.eval();
        return NeuralCommon.Generate(Schema, _transformer, _conditions, _device, count, conditions, seed,
            condition => SampleSpans(_network.Decode(randn(condition.shape[0], TvaeNetwork.Embedding, device: _device), condition, _network.Weights())),
            NeuralCommon.Download(_network.Sigma));
    }

    /// <summary>
    /// tanh on α columns; each softmax span becomes a one-hot drawn from softmax(logits), the decoder's
    /// distribution (the reference TVAE takes the argmax, which never yields a level, or a missing value, that
    /// is not the most likely one for its z, and so under-represents minorities).
    /// </summary>
    private Tensor SampleSpans(Tensor raw)
    {
        var parts = new List<Tensor>(_transformer.Spans.Count);
        foreach (var span in _transformer.Spans)
        {
            var slice = raw.narrow(1, span.Start, span.Size);
            parts.Add(span.Activation == SpanActivation.Tanh
                ? slice.tanh()
                : nn.functional.one_hot(multinomial(nn.functional.softmax(slice, 1), 1).squeeze(1), span.Size).to(ScalarType.Float32));
        }
        return cat(parts, 1);
    }

    public void SaveFiles(string directory) => NeuralCommon.SaveWeights(_network, directory, "tvae");

    public JsonObject ParametersJson() => new()
    {
        ["embedding_dim"] = TvaeNetwork.Embedding,
        ["hidden_dims"] = new JsonArray(TvaeNetwork.Hidden, TvaeNetwork.Hidden),
        ["transformer"] = _transformer.ToJson(),
        ["condition_counts"] = NeuralCommon.CountsJson(_conditions),
    };

    /// <exception cref="SynthesisException">The folder's files do not make a TVAE model.</exception>
    public static TvaeSynthesizer Load(SynthesizerHeader header, string directory, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(header);
        TorchRuntime.EnsureLoaded();
        var torchDevice = TorchRuntime.ResolveDevice(device);
        var (transformer, conditions) = SynthesisException.Reading("The model's parameters are damaged", () =>
        {
            var transformer = ModeSpecificTransformer.FromJson(header.Parameters["transformer"], header.Schema);
            return (transformer, new ConditionVectors(transformer, NeuralCommon.CountsFromJson(header.Parameters["condition_counts"])));
        });
        var network = new TvaeNetwork(transformer.Width, conditions.Width);
        NeuralCommon.LoadWeights(network, directory);
        network.to(torchDevice);
        network.eval();
        return new TvaeSynthesizer(header.Schema, transformer, conditions, network, torchDevice, header.Training);
    }

    public void Dispose() => _network.Dispose();
}

/// <summary>Encoder (x ⊕ c → 128 → 128 → μ, log σ²) and decoder (z ⊕ c → 128 → 128 → x̂), plus σ per output column.</summary>
internal sealed class TvaeNetwork : nn.Module
{
    public const int Embedding = 128;
    public const int Hidden = 128;

    private readonly Linear e1, e2, mu, logvar, d1, d2, output;
    private readonly Parameter sigma;
    private readonly int _conditionWidth;

    public TvaeNetwork(int dataWidth, int conditionWidth) : base(nameof(TvaeNetwork))
    {
        _conditionWidth = conditionWidth;
        e1 = nn.Linear(dataWidth + conditionWidth, Hidden);
        e2 = nn.Linear(Hidden, Hidden);
        mu = nn.Linear(Hidden, Embedding);
        logvar = nn.Linear(Hidden, Embedding);
        d1 = nn.Linear(Embedding + conditionWidth, Hidden);
        d2 = nn.Linear(Hidden, Hidden);
        output = nn.Linear(Hidden, dataWidth);
        sigma = new Parameter(ones(dataWidth) * 0.1);
        RegisterComponents();
    }

    public Tensor Sigma => sigma;

    public IReadOnlyList<Parameter> Weights() =>
        [e1.weight!, e1.bias!, e2.weight!, e2.bias!, mu.weight!, mu.bias!, logvar.weight!, logvar.bias!,
         d1.weight!, d1.bias!, d2.weight!, d2.bias!, output.weight!, output.bias!, sigma];

    /// <summary>The linear layers in the order of <see cref="Weights"/>: e1, e2, μ, log σ², d1, d2, output.</summary>
    private Linear[] Layers => [e1, e2, mu, logvar, d1, d2, output];

    public Tensor Decode(Tensor z, Tensor condition, IReadOnlyList<Tensor> w) => Decode(z, condition, PlainLinear(w));

    private static Func<Tensor, int, Tensor> PlainLinear(IReadOnlyList<Tensor> w) => (x, layer) => Functional.Linear(x, w[2 * layer], w[2 * layer + 1]);

    private static Tensor Decode(Tensor z, Tensor condition, Func<Tensor, int, Tensor> linear)
    {
        var h = nn.functional.relu(linear(NeuralCommon.Join(z, condition), 4));
        h = nn.functional.relu(linear(h, 5));
        return linear(h, 6);
    }

    /// <summary>
    /// Per-row loss: 2 · reconstruction (Gaussian on α with learned σ, cross-entropy on spans) + KL, with
    /// <paramref name="noise"/> the reparameterisation's N(0, 1) draw [rows, <see cref="Embedding"/>]. The
    /// weights may be the parameters or per-row copies (the exact DP-SGD reference).
    /// </summary>
    public Tensor RowLosses(Tensor x, Tensor condition, Tensor noise, IReadOnlyList<Tensor> w, IReadOnlyList<OutputSpan> spans, Tensor alphaColumns) =>
        RowLosses(x, condition, noise, PlainLinear(w), w[14], spans, alphaColumns);

    /// <summary>The same per-row losses with every weight used through <paramref name="tape"/> (DP-SGD).</summary>
    public Tensor RowLosses(Tensor x, Tensor condition, Tensor noise, PerRowTape tape, IReadOnlyList<OutputSpan> spans, Tensor alphaColumns)
    {
        var layers = Layers;
        return RowLosses(x, condition, noise, (a, layer) => tape.Linear(a, layers[layer].weight!, layers[layer].bias!), tape.PerRow(sigma), spans, alphaColumns);
    }

    private static Tensor RowLosses(Tensor x, Tensor condition, Tensor noise, Func<Tensor, int, Tensor> linear, Tensor sigmas,
        IReadOnlyList<OutputSpan> spans, Tensor alphaColumns)
    {
        // Encoder and decoder act on each row alone (ReLU, no BatchNorm), as per-row gradients need.
        var h = nn.functional.relu(linear(NeuralCommon.Join(x, condition), 0));
        h = nn.functional.relu(linear(h, 1));
        var mean = linear(h, 2);
        var logVariance = linear(h, 3);
        var z = mean.Plus(noise * (HeldScalars.Of(0.5) * logVariance).exp());
        var raw = Decode(z, condition, linear);

        var s = sigmas.index_select(-1, alphaColumns);
        var target = x.index_select(1, alphaColumns);
        var predicted = raw.index_select(1, alphaColumns).tanh();
        var reconstruction = ((target - predicted).Squared() / (HeldScalars.Of(2) * s.Squared())).Plus(s.log()).sum(1);
        foreach (var span in spans)
        {
            if (span.Activation != SpanActivation.Softmax) continue;
            var logits = raw.narrow(1, span.Start, span.Size);
            reconstruction = reconstruction - (x.narrow(1, span.Start, span.Size) * nn.functional.log_softmax(logits, 1)).sum(1);
        }
        var kl = HeldScalars.Of(-0.5) * (logVariance.Plus(HeldScalars.Of(1)) - mean.Squared() - logVariance.exp()).sum(1);
        return (HeldScalars.Of(LossFactor) * reconstruction).Plus(kl);
    }

    private const double LossFactor = 2;

    public void ClampSigma()
    {
        using var noGrad = no_grad();
        sigma.clamp_(HeldScalars.Of(0.01), HeldScalars.Of(1));
    }
}
