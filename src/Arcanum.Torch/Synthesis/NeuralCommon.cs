using System.Diagnostics;
using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Core.Weights;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;
using Arcanum.Synthesis.Transform;
using Arcanum.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Arcanum.Torch.Synthesis;

/// <summary>What CTGAN and TVAE share: preparing the real rows, condition vectors, native conditioning, seeds.</summary>
internal static class NeuralCommon
{
    /// <summary>Generation runs in chunks of this many rows to bound memory.</summary>
    public const int GenerationChunk = 10_000;


    public sealed record Prepared(ModeSpecificTransformer Transformer, ConditionVectors Conditions, float[] Data, int Rows, Stopwatch Clock);

    public static Prepared Prepare(DataTable table, TableSchema schema, NeuralOptions options)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var learned = schema.Extract(table);
        var transformer = ModeSpecificTransformer.Fit(learned, schema, options.Seed);
        var data = transformer.Transform(learned, options.Seed);
        return new Prepared(transformer, ConditionVectors.FromData(transformer, data, table.RowCount), data, table.RowCount, clock);
    }

    /// <summary>Writes one-hot condition rows for (column, slot) pairs; an empty tensor when there are no categorical columns.</summary>
    public static Tensor ConditionTensor(ConditionVectors conditions, IReadOnlyList<(int Column, int Slot)> picks, Device device)
    {
        var width = conditions.Width;
        var values = new float[picks.Count * width];
        for (var i = 0; i < picks.Count; i++)
        {
            var (column, slot) = picks[i];
            if (column >= 0) values[i * width + conditions.Offsets[column] + slot] = 1;
        }
        return tensor(values, [picks.Count, width]).to(device);
    }

    /// <summary>Joins z (or data) with the condition; the condition may be zero-width.</summary>
    public static Tensor Join(Tensor first, Tensor condition) => condition.shape[1] == 0 ? first : cat([first, condition], 1);

    /// <summary>
    /// The categorical constraint served through the conditional vector: the one allowing the rarest share
    /// of real rows (the hardest to reach by filtering). Numbers and further categories are filtered.
    /// </summary>
    public static IReadOnlyList<ColumnConstraint> NativelyServed(ConditionVectors vectors, RowConditions conditions)
    {
        ColumnConstraint? best = null;
        var bestShare = double.PositiveInfinity;
        foreach (var constraint in conditions.Constraints)
        {
            if (constraint.Allowed is null) continue;
            var j = vectors.IndexOfLearned(constraint.LearnedIndex);
            if (j < 0) continue;
            var counts = vectors.Counts[j];
            double allowed = 0;
            for (var s = 0; s < constraint.Allowed.Length; s++)
            {
                if (constraint.Allowed[s]) allowed += counts[s];
            }
            var share = allowed / Math.Max(1, counts.Sum());
            if (share < bestShare)
            {
                bestShare = share;
                best = constraint;
            }
        }
        return best is null ? [] : [best];
    }

    /// <summary>
    /// The condition per generated row: the native constraint's allowed levels by real frequency (Native is
    /// true), or any column and level by real frequency.
    /// </summary>
    public static ((int Column, int Slot)[] Picks, bool Native) GenerationConditions(ConditionVectors vectors, RowConditions? conditions, int count, Random random)
    {
        var picks = new (int, int)[count];
        if (vectors.Columns.Count == 0)
        {
            Array.Fill(picks, (-1, 0));
            return (picks, false);
        }
        var native = conditions is null ? null : NativelyServed(vectors, conditions).FirstOrDefault();
        var column = native is null ? -1 : vectors.IndexOfLearned(native.LearnedIndex);
        for (var i = 0; i < count; i++)
            picks[i] = column >= 0 ? (column, vectors.DrawAllowed(column, native!.Allowed, random)) : vectors.DrawOriginal(random);
        return (picks, column >= 0);
    }

    /// <summary>
    /// Under a native condition the conditioned column takes the level the conditional vector asked for;
    /// the network generated every other column given it.
    /// </summary>
    public static void SetConditionedLevels(float[] values, int width, ConditionVectors vectors, ReadOnlySpan<(int Column, int Slot)> picks)
    {
        for (var i = 0; i < picks.Length; i++)
        {
            var (column, slot) = picks[i];
            var c = vectors.Columns[column];
            var start = (long)i * width + c.SoftmaxStart;
            Array.Clear(values, (int)start, c.Slots);
            values[start + slot] = 1;
        }
    }

    /// <summary>
    /// The generation loop both models share: conditions per row, torch seeded under <see cref="TorchRuntime.RandomLock"/>,
    /// chunks of <see cref="GenerationChunk"/> rows through <paramref name="produce"/> (condition tensor →
    /// network columns), native levels set, the transform inverted, the schema's types restored.
    /// </summary>
    public static DataTable Generate(TableSchema schema, ModeSpecificTransformer transformer, ConditionVectors vectors, Device device,
        int count, RowConditions? conditions, int seed, Func<Tensor, Tensor> produce, float[]? sigmas = null)
    {
        var random = new Random(seed);
        var (picks, native) = GenerationConditions(vectors, conditions, count, random);
        var columns = Enumerable.Range(0, schema.Learned.Count).Select(_ => new List<double>(count)).ToArray();
        lock (TorchRuntime.RandomLock)
        {
            torch.random.manual_seed(seed);
            for (var start = 0; start < count; start += GenerationChunk)
            {
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var length = Math.Min(GenerationChunk, count - start);
                var values = Download(produce(ConditionTensor(vectors, picks.AsSpan(start, length).ToArray(), device)));
                if (native) SetConditionedLevels(values, transformer.Width, vectors, picks.AsSpan(start, length));
                var learned = transformer.Inverse(values, length, sigmas, random);
                for (var c = 0; c < columns.Length; c++) columns[c].AddRange(learned[c]);
            }
        }
        return schema.Build(columns.Select(c => c.ToArray()).ToArray());
    }

    /// <summary>Loads weights.safetensors from a model folder into a module.</summary>
    /// <exception cref="SynthesisException">The file is missing or does not fit the module.</exception>
    public static void LoadWeights(nn.Module module, string directory)
    {
        var path = Path.Combine(directory, WeightsFile);
        if (!File.Exists(path)) throw new SynthesisException($"The model folder has no {WeightsFile}.");
        try
        {
            ModuleWeights.Load(module, SafeTensors.Read(path), path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            throw new SynthesisException($"{path} does not fit the model: {e.Message}", e);
        }
    }

    public const string WeightsFile = "weights.safetensors";

    public static void SaveWeights(nn.Module module, string directory, string model) =>
        SafeTensors.Write(Path.Combine(directory, WeightsFile), ModuleWeights.ToWeights(module), new Dictionary<string, string> { ["model"] = model });

    public static JsonArray CountsJson(ConditionVectors vectors) =>
        new(vectors.Counts.Select(c => (JsonNode)new JsonArray(c.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray())).ToArray());

    public static double[][] CountsFromJson(JsonNode? node) =>
        node?.AsArray().Select(c => c.Array().Values<double>()).ToArray()
        ?? throw new SynthesisException("The model has no condition counts.");

    public static int[] IntArray(JsonNode? node, string name) =>
        node?.AsArray().Values<int>() ?? throw new SynthesisException($"The model has no '{name}'.");

    public static float[] Download(Tensor t) => HostFloats.ToArray(t);
}
