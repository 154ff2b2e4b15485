using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Synthesis.Conditions;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// The model's cells of one column over its original cells. MST (McKenna, Miklau and Sheldon 2021) merges the
/// levels whose noisy one-way count falls below 3σ into one: the pairs measured later then spend no noise on cells
/// that hold almost nothing; ordered bins merge with their neighbours instead. A merged cell decodes to one of its
/// members, chosen in proportion to the members' noisy counts (clipped at zero), which reads only the released
/// measurement.
/// </summary>
internal sealed class CellGroups
{
    private readonly int[] _toModel;
    private readonly int[][] _members;
    private readonly double[][] _weights;

    public CellGroups(int[][] members, double[][] weights)
    {
        if (members.Length != weights.Length || members.Length == 0) throw new ArgumentException("Every group needs its weights.", nameof(weights));
        var cells = members.Sum(m => m.Length);
        _toModel = Enumerable.Repeat(-1, cells).ToArray();
        for (var g = 0; g < members.Length; g++)
        {
            if (members[g].Length == 0 || members[g].Length != weights[g].Length) throw new ArgumentException($"Group {g} is empty or its weights do not match.", nameof(members));
            foreach (var cell in members[g])
            {
                if (cell < 0 || cell >= cells || _toModel[cell] >= 0) throw new ArgumentException($"Cell {cell} is out of range or in two groups.", nameof(members));
                _toModel[cell] = g;
            }
        }
        _members = [.. members.Select(m => m.Order().ToArray())];
        _weights = [.. members.Select((m, g) => Normalised([.. m.Select((c, i) => (c, w: weights[g][i])).OrderBy(x => x.c).Select(x => x.w)]))];
    }

    /// <summary>Cells of the column before merging.</summary>
    public int OriginalCells => _toModel.Length;

    /// <summary>Cells of the column in the model.</summary>
    public int ModelCells => _members.Length;

    public int ToModel(int originalCell) => _toModel[originalCell];

    public static CellGroups Identity(int cells) =>
        new([.. Enumerable.Range(0, cells).Select(c => new[] { c })], [.. Enumerable.Range(0, cells).Select(_ => new[] { 1.0 })]);

    /// <summary>
    /// Merges the level cells of a one-way measurement whose noisy counts are below <paramref name="threshold"/>
    /// standard deviations into one, and re-expresses the measurement over the merged cells: the merged cell's value
    /// is the sum of its members' with the variance of that sum. The missing cell (the last) is handled as in
    /// <see cref="MergeAdjacent"/>. Returns the groups and the measurement on the model's cells.
    /// </summary>
    public static (CellGroups Groups, Measurement Measurement) Compress(Measurement oneWay, double threshold = 3)
    {
        if (oneWay.Attributes.Length != 1) throw new ArgumentException("Only a one-way measurement can be compressed.", nameof(oneWay));
        var (y, sigmas) = (oneWay.Values, oneWay.Sigmas);
        var levels = y.Length - 1;
        var kept = Enumerable.Range(0, levels).Where(c => Significant([c], y, sigmas, threshold)).ToArray();
        var rare = Enumerable.Range(0, levels).Except(kept).ToArray();
        var runs = kept.Select(c => new List<int> { c }).ToList();
        if (rare.Length > 0) runs.Add([.. rare]);
        return Build(oneWay, [.. runs.OrderBy(r => r[0])], threshold);
    }

    /// <summary>
    /// For ordered bins (numbers and dates): joins runs of adjacent bins, left to right, until each run's noisy count
    /// reaches <paramref name="threshold"/> standard deviations of its sum (a short last run joins the one before),
    /// so the model's bins hold roughly equal shares of the rows, and fewer of them the noisier the counts. The
    /// missing cell (the last) stays on its own when its count clears the threshold; otherwise the column is taken
    /// to have no missing values: the cell joins the run with the smallest count for counting, but never decodes.
    /// All of it reads only the noisy measurement.
    /// </summary>
    public static (CellGroups Groups, Measurement Measurement) MergeAdjacent(Measurement oneWay, double threshold = 3)
    {
        if (oneWay.Attributes.Length != 1) throw new ArgumentException("Only a one-way measurement can be merged.", nameof(oneWay));
        var (y, sigmas) = (oneWay.Values, oneWay.Sigmas);
        var bins = y.Length - 1;
        var runs = new List<List<int>>();
        var current = new List<int>();
        for (var c = 0; c < bins; c++)
        {
            current.Add(c);
            if (Significant(current, y, sigmas, threshold))
            {
                runs.Add(current);
                current = [];
            }
        }
        if (current.Count > 0)
        {
            if (runs.Count > 0) runs[^1].AddRange(current);
            else runs.Add(current);
        }
        return Build(oneWay, runs, threshold);
    }

    /// <summary>
    /// Groups from runs of value cells plus the missing cell: on its own when significant, else in the smallest run
    /// with weight 0. Value cells decode by their noisy counts clipped at zero (plus a hair, so a run whose counts are
    /// all negative still decodes uniformly among its values).
    /// </summary>
    private static (CellGroups, Measurement) Build(Measurement oneWay, List<List<int>> runs, double threshold)
    {
        var (y, sigmas) = (oneWay.Values, oneWay.Sigmas);
        var missing = y.Length - 1;
        var missingSignificant = Significant([missing], y, sigmas, threshold);
        if (missingSignificant || runs.Count == 0) runs.Add([missing]);
        else runs.OrderBy(r => r.Sum(c => y[c])).First().Add(missing);
        var members = runs.Select(r => r.ToArray()).ToArray();
        var weights = members.Select(m => m.Select(c => c == missing ? (missingSignificant || m.Length == 1 ? 1 : 0) : Math.Max(y[c], 0) + 1e-9).ToArray()).ToArray();
        var values = members.Select(m => m.Sum(c => y[c])).ToArray();
        var merged = members.Select(m => Math.Sqrt(m.Sum(c => sigmas[c] * sigmas[c]))).ToArray();
        return (new CellGroups(members, weights), new Measurement(oneWay.Attributes, values, merged));
    }

    private static bool Significant(IReadOnlyCollection<int> cells, double[] y, double[] sigmas, double threshold) =>
        cells.Sum(c => y[c]) >= threshold * Math.Sqrt(cells.Sum(c => sigmas[c] * sigmas[c]));

    /// <summary>The model cells of a column of original cells.</summary>
    public int[] ToModel(int[] originalCells) => [.. originalCells.Select(c => _toModel[c])];

    /// <summary>An original cell for a model cell, drawn by the members' weights, each times its coverage of a condition when given.</summary>
    public int Decode(int modelCell, Random random, double[]? coverage = null)
    {
        var members = _members[modelCell];
        if (members.Length == 1) return members[0];
        var weights = _weights[modelCell];
        var total = 0.0;
        for (var i = 0; i < members.Length; i++) total += weights[i] * (coverage?[members[i]] ?? 1);
        if (!(total > 0)) return members[0];
        var u = random.NextDouble() * total;
        for (var i = 0; i < members.Length; i++)
        {
            u -= weights[i] * (coverage?[members[i]] ?? 1);
            if (u < 0) return members[i];
        }
        return members[^1];
    }

    /// <summary>
    /// Per model cell, the probability that a value decoded from it meets a condition, given each original
    /// cell's coverage: the evidence a conditioned model multiplies in.
    /// </summary>
    public double[] Evidence(double[] coverage)
    {
        var evidence = new double[_members.Length];
        for (var g = 0; g < _members.Length; g++)
        {
            for (var i = 0; i < _members[g].Length; i++) evidence[g] += _weights[g][i] * coverage[_members[g][i]];
        }
        return evidence;
    }

    /// <summary>Each original cell's coverage of a condition.</summary>
    public static double[] Coverage(ColumnBins bins, ColumnConstraint constraint) =>
        [.. Enumerable.Range(0, bins.Cells).Select(c => bins.Coverage(c, constraint))];

    /// <summary>Probabilities over the original cells from probabilities over the model's cells.</summary>
    public double[] Expand(double[] modelProbabilities)
    {
        var result = new double[OriginalCells];
        for (var g = 0; g < _members.Length; g++)
        {
            for (var i = 0; i < _members[g].Length; i++) result[_members[g][i]] += modelProbabilities[g] * _weights[g][i];
        }
        return result;
    }

    private static double[] Normalised(double[] weights)
    {
        var total = weights.Sum();
        return total > 0 ? [.. weights.Select(w => w / total)] : [.. weights.Select(_ => 1.0 / weights.Length)];
    }

    public JsonObject ToJson() => new()
    {
        ["groups"] = new JsonArray([.. _members.Select(m => (JsonNode)new JsonArray([.. m.Select(c => (JsonNode)JsonValue.Create(c))]))]),
        ["weights"] = new JsonArray([.. _weights.Select(w => (JsonNode)new JsonArray([.. w.Select(v => (JsonNode)JsonValue.Create(v))]))]),
    };

    public static CellGroups FromJson(JsonNode node) => new(
        [.. node.RequiredArray("groups").Select(g => g.Array().Values<int>())],
        [.. node.RequiredArray("weights").Select(g => g.Array().Values<double>())]);
}
