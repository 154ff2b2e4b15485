using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Transform;

public enum SpanActivation { Tanh, Softmax }

/// <summary>A run of output columns the generator produces with one activation.</summary>
public sealed record OutputSpan(int Start, int Size, SpanActivation Activation);

/// <summary>How one learned column becomes network columns.</summary>
/// <param name="Column">The column.</param>
/// <param name="LearnedIndex">Its index among the schema's learned columns.</param>
/// <param name="Modes">Continuous columns: the mixture modes kept (weight above the threshold); empty for categories.</param>
/// <param name="Start">Its first network column.</param>
/// <param name="Slots">Width of the softmax span: modes or levels, plus one "missing" slot when the column has missing values.</param>
/// <param name="HasMissingSlot">Whether the last slot means "missing".</param>
public sealed record ColumnTransform(ColumnSchema Column, int LearnedIndex, IReadOnlyList<MixtureComponent> Modes, int Start, int Slots, bool HasMissingSlot)
{
    public bool IsContinuous => Column.IsNumeric;

    /// <summary>Where the softmax span starts: after the α column for continuous columns.</summary>
    public int SoftmaxStart => IsContinuous ? Start + 1 : Start;

    public int Width => IsContinuous ? Slots + 1 : Slots;
}

/// <summary>
/// CTGAN's data transform (Xu et al. 2019). A continuous column (numbers, dates) becomes a scalar α in
/// (−1, 1) and a one-hot mode of a variational Dirichlet-process Gaussian mixture fitted to it: for each
/// value a mode k is drawn in proportion to its posterior probability and α = (x − μ_k)/(4σ_k), clipped to
/// ±0.99. A category becomes a one-hot over its levels. Missing values get their own slot in the one-hot,
/// so they are generated at the real rate and in the real context. Inverse: x = α·4σ_k + μ_k with k the
/// most probable mode.
/// </summary>
public sealed class ModeSpecificTransformer
{
    public const int MaxModes = 10;
    public const double ModeWeightThreshold = 0.005;

    private ModeSpecificTransformer(TableSchema schema, IReadOnlyList<ColumnTransform> columns)
    {
        Schema = schema;
        Columns = columns;
        Width = columns.Sum(c => c.Width);
        var spans = new List<OutputSpan>();
        foreach (var c in columns)
        {
            if (c.IsContinuous) spans.Add(new OutputSpan(c.Start, 1, SpanActivation.Tanh));
            spans.Add(new OutputSpan(c.SoftmaxStart, c.Slots, SpanActivation.Softmax));
        }
        Spans = spans;
        Discrete = columns.Where(c => !c.IsContinuous).ToArray();
    }

    public TableSchema Schema { get; }

    public IReadOnlyList<ColumnTransform> Columns { get; }

    /// <summary>Categorical columns: the ones a conditional vector can name.</summary>
    public IReadOnlyList<ColumnTransform> Discrete { get; }

    public IReadOnlyList<OutputSpan> Spans { get; }

    /// <summary>Network columns per row.</summary>
    public int Width { get; }

    public static ModeSpecificTransformer Fit(double[][] learned, TableSchema schema, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(learned);
        ArgumentNullException.ThrowIfNull(schema);
        var columns = new List<ColumnTransform>();
        var start = 0;
        for (var i = 0; i < schema.Learned.Count; i++)
        {
            var column = schema.Learned[i];
            var values = learned[i];
            var hasMissing = values.Any(double.IsNaN);
            ColumnTransform transform;
            if (column.IsNumeric)
            {
                var present = values.Where(v => !double.IsNaN(v)).ToArray();
                IReadOnlyList<MixtureComponent> modes = present.Length == 0
                    ? []
                    : BayesianGaussianMixture.Fit(present, Math.Min(MaxModes, present.Length), seed: seed + i).Significant(ModeWeightThreshold);
                transform = new ColumnTransform(column, i, modes, start, modes.Count + (hasMissing ? 1 : 0), hasMissing);
            }
            else
            {
                transform = new ColumnTransform(column, i, [], start, column.Levels.Count + (hasMissing ? 1 : 0), hasMissing);
            }
            columns.Add(transform);
            start += transform.Width;
        }
        return new ModeSpecificTransformer(schema, columns);
    }

    /// <summary>Rows as network input, row-major [rows, <see cref="Width"/>]. Modes are drawn with <paramref name="seed"/>.</summary>
    public float[] Transform(double[][] learned, int seed)
    {
        ArgumentNullException.ThrowIfNull(learned);
        var rows = learned[0].Length;
        var data = new float[(long)rows * Width];
        var random = new Random(seed);
        Span<double> probabilities = stackalloc double[MaxModes];
        foreach (var c in Columns)
        {
            var values = learned[c.LearnedIndex];
            for (var r = 0; r < rows; r++)
            {
                var offset = (long)r * Width;
                var v = values[r];
                if (double.IsNaN(v))
                {
                    data[offset + c.SoftmaxStart + c.Slots - 1] = 1;
                    continue;
                }
                if (!c.IsContinuous)
                {
                    data[offset + c.Start + (int)v] = 1;
                    continue;
                }
                var p = probabilities[..c.Modes.Count];
                ModeProbabilities(c.Modes, v, p);
                var k = Draw(p, random.NextDouble());
                var mode = c.Modes[k];
                data[offset + c.Start] = (float)Math.Clamp((v - mode.Mean) / (4 * mode.StdDev), -0.99, 0.99);
                data[offset + c.SoftmaxStart + k] = 1;
            }
        }
        return data;
    }

    /// <summary>
    /// Network output back to learned columns (values; level codes; NaN missing). Softmax spans are read by
    /// argmax. <paramref name="sigmas"/> (TVAE) adds N(0, σ) noise to each α before clipping.
    /// </summary>
    public double[][] Inverse(float[] data, int rows, float[]? sigmas = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var result = new double[Columns.Count][];
        foreach (var c in Columns)
        {
            var values = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                var offset = (long)r * Width;
                var best = 0;
                for (var s = 1; s < c.Slots; s++)
                {
                    if (data[offset + c.SoftmaxStart + s] > data[offset + c.SoftmaxStart + best]) best = s;
                }
                if (c.HasMissingSlot && best == c.Slots - 1)
                {
                    values[r] = double.NaN;
                    continue;
                }
                if (!c.IsContinuous)
                {
                    values[r] = best;
                    continue;
                }
                double alpha = data[offset + c.Start];
                if (sigmas is not null && random is not null) alpha += sigmas[c.Start] * Gaussian(random);
                alpha = Math.Clamp(alpha, -1, 1);
                var mode = c.Modes[best];
                values[r] = alpha * 4 * mode.StdDev + mode.Mean;
            }
            result[c.LearnedIndex] = values;
        }
        return result;
    }

    private static void ModeProbabilities(IReadOnlyList<MixtureComponent> modes, double value, Span<double> into)
    {
        double total = 0;
        for (var k = 0; k < modes.Count; k++)
        {
            var z = (value - modes[k].Mean) / modes[k].StdDev;
            into[k] = modes[k].Weight * Math.Exp(-0.5 * z * z) / modes[k].StdDev + 1e-6;
            total += into[k];
        }
        for (var k = 0; k < modes.Count; k++) into[k] /= total;
    }

    private static int Draw(ReadOnlySpan<double> probabilities, double u)
    {
        double cumulative = 0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            cumulative += probabilities[k];
            if (u < cumulative) return k;
        }
        return probabilities.Length - 1;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    public JsonObject ToJson()
    {
        var columns = new JsonArray();
        foreach (var c in Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = c.Column.Name,
                ["missing_slot"] = c.HasMissingSlot,
                ["modes"] = new JsonArray(c.Modes.Select(m => (JsonNode)new JsonObject { ["weight"] = m.Weight, ["mean"] = m.Mean, ["std"] = m.StdDev }).ToArray()),
            });
        }
        return new JsonObject { ["columns"] = columns };
    }

    /// <exception cref="SynthesisException">The JSON does not match the schema.</exception>
    public static ModeSpecificTransformer FromJson(JsonNode? node, TableSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var items = (node as JsonObject)?["columns"] as JsonArray ?? throw new SynthesisException("The model has no transformer (or its columns are not a list).");
        if (items.Count != schema.Learned.Count) throw new SynthesisException($"The transformer has {items.Count} columns; the schema learned {schema.Learned.Count}.");
        var columns = new List<ColumnTransform>();
        var start = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var column = schema.Learned[i];
            var (missing, modes) = SynthesisException.Reading("The model's transformer is damaged", () =>
            {
                var item = items[i] ?? throw new InvalidDataException($"{items.GetPath()}[{i}] is null");
                if (item.Required<string>("name") != column.Name) throw new SynthesisException($"The transformer's column {i} is not '{column.Name}'.");
                return (item["missing_slot"]?.GetValue<bool>() ?? false,
                    item.RequiredArray("modes").Select(m => new MixtureComponent(m.Required<double>("weight"), m.Required<double>("mean"), m.Required<double>("std"))).ToArray());
            });
            var slots = (column.IsNumeric ? modes.Length : column.Levels.Count) + (missing ? 1 : 0);
            var transform = new ColumnTransform(column, i, modes, start, slots, missing);
            columns.Add(transform);
            start += transform.Width;
        }
        return new ModeSpecificTransformer(schema, columns);
    }
}
