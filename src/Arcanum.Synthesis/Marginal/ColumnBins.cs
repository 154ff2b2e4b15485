using System.Text.Json.Nodes;
using Arcanum.Core.IO;
using Arcanum.Synthesis.Conditions;

namespace Arcanum.Synthesis.Marginal;

/// <summary>How a column's cells hold values: one per level, equal-width intervals, or runs of whole numbers.</summary>
internal enum BinKind { Categorical, Continuous, Integer }

/// <summary>
/// The cells of one column in a marginal model: one per level (categories) or per bin (numbers, dates), and a last
/// cell for "missing". Values outside the bins' range go to the nearest end bin. Decoding draws uniformly within a
/// bin (whole numbers for integers and whole-day dates), restricted to what a condition allows when there is one.
/// </summary>
internal sealed class ColumnBins
{
    /// <summary>Continuous: the B+1 bin edges. Integer: the first whole number of each bin, then one past the last.</summary>
    private readonly double[] _edges;

    private ColumnBins(BinKind kind, int bins, double[] edges)
    {
        Kind = kind;
        Bins = bins;
        _edges = edges;
    }

    public BinKind Kind { get; }

    /// <summary>Cells that hold a value; the missing cell comes after them.</summary>
    public int Bins { get; }

    public int Cells => Bins + 1;

    public int MissingCell => Bins;

    public IReadOnlyList<double> Edges => _edges;

    /// <summary>The smallest value a cell can decode to (numbers); 0 for categories.</summary>
    public double Lower => Kind == BinKind.Categorical ? 0 : _edges[0];

    /// <summary>The largest value a cell can decode to (numbers).</summary>
    public double Upper => Kind switch
    {
        BinKind.Integer => _edges[^1] - 1,
        BinKind.Continuous => _edges[^1],
        _ => Bins - 1,
    };

    /// <summary>One cell per level; a column missing in every row has no levels, only the missing cell.</summary>
    public static ColumnBins Categorical(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        return new ColumnBins(BinKind.Categorical, levels, []);
    }

    /// <summary>Equal-width bins from <paramref name="lower"/> to <paramref name="upper"/>.</summary>
    public static ColumnBins Continuous(double lower, double upper, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(upper > lower)) throw new ArgumentException($"The upper bound {upper} must exceed the lower bound {lower}.", nameof(upper));
        var edges = new double[bins + 1];
        for (var k = 0; k <= bins; k++) edges[k] = lower + (upper - lower) * k / bins;
        edges[^1] = upper;
        return new ColumnBins(BinKind.Continuous, bins, edges);
    }

    /// <summary>
    /// Whole numbers from ⌈<paramref name="lower"/>⌉ to ⌊<paramref name="upper"/>⌋: one per bin when they fit in
    /// <paramref name="bins"/>, else runs of nearly equal length.
    /// </summary>
    public static ColumnBins Integers(double lower, double upper, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var first = Math.Ceiling(lower);
        var last = Math.Max(first, Math.Floor(upper));
        var span = last - first + 1;
        var count = (int)Math.Min(bins, span);
        var starts = new double[count + 1];
        // span/count ≥ 1, so the floors strictly increase: no bin is empty.
        for (var k = 0; k < count; k++) starts[k] = first + Math.Floor(k * span / count);
        starts[count] = last + 1;
        return new ColumnBins(BinKind.Integer, count, starts);
    }

    /// <summary>
    /// Bins from <paramref name="lower"/> to <paramref name="upper"/> whose widths grow by half an octave: edges at
    /// lower, lower + w·2^(−(B−1)/2), ..., lower + w/√2, upper with w = upper − lower, for values piled up near the
    /// lower end with a long tail. Whole numbers round the edges (and drop the ones that coincide), so small counts
    /// get one bin each.
    /// </summary>
    public static ColumnBins Geometric(double lower, double upper, int bins, bool integer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(upper > lower)) throw new ArgumentException($"The upper bound {upper} must exceed the lower bound {lower}.", nameof(upper));
        var edges = new double[bins + 1];
        edges[0] = lower;
        for (var j = 1; j <= bins; j++) edges[j] = lower + (upper - lower) * Math.Pow(2, -(bins - j) / 2.0);
        if (!integer) return new ColumnBins(BinKind.Continuous, bins, edges);
        var (first, last) = (Math.Ceiling(lower), Math.Max(Math.Ceiling(lower), Math.Floor(upper)));
        var starts = edges.Take(bins).Select(e => Math.Max(first, Math.Round(e))).Where(e => e <= last).Distinct().Append(last + 1).ToArray();
        return new ColumnBins(BinKind.Integer, starts.Length - 1, starts);
    }

    /// <summary>The cell of a value (a level code for categories); NaN is the missing cell.</summary>
    public int Encode(double value)
    {
        if (double.IsNaN(value)) return MissingCell;
        switch (Kind)
        {
            case BinKind.Categorical:
                return (int)value;
            case BinKind.Integer:
                value = Math.Round(value, MidpointRounding.AwayFromZero);
                break;
        }
        // The last edge closes the top bin, and values beyond either end join the end bins.
        var index = Array.BinarySearch(_edges, value);
        var bin = index >= 0 ? index : ~index - 1;
        return Math.Clamp(bin, 0, Bins - 1);
    }

    /// <summary>
    /// A value for a cell: NaN for missing, the level code for a category, else uniform within the bin, and within
    /// the part of it that <paramref name="constraint"/> allows when that part is not empty.
    /// </summary>
    public double Decode(int cell, Random random, ColumnConstraint? constraint = null)
    {
        if (cell == MissingCell) return double.NaN;
        if (Kind == BinKind.Categorical) return cell;
        var (low, high) = Allowed(cell, constraint);
        if (Kind == BinKind.Integer) return low + random.NextInt64((long)(high - low) + 1);
        return low + (high - low) * random.NextDouble();
    }

    /// <summary>The share of a cell's values that meet <paramref name="constraint"/> (0 for the missing cell, which never does).</summary>
    public double Coverage(int cell, ColumnConstraint constraint)
    {
        if (cell == MissingCell) return 0;
        if (Kind == BinKind.Categorical) return constraint.Allowed is { } allowed && cell < allowed.Length && allowed[cell] ? 1 : 0;
        if (constraint.Allowed is not null) return 0;
        var (low, high) = Clip(cell, constraint);
        if (Kind == BinKind.Integer) return high < low ? 0 : (high - low + 1) / (_edges[cell + 1] - _edges[cell]);
        var width = _edges[cell + 1] - _edges[cell];
        return high <= low ? (low == high && constraint.Lower == constraint.Upper ? 1 : 0) : (high - low) / width;
    }

    /// <summary>The cell's range, narrowed to the constraint when that leaves something.</summary>
    private (double Low, double High) Allowed(int cell, ColumnConstraint? constraint)
    {
        var whole = Kind == BinKind.Integer ? (_edges[cell], _edges[cell + 1] - 1) : (_edges[cell], _edges[cell + 1]);
        if (constraint is null || constraint.Allowed is not null) return whole;
        var (low, high) = Clip(cell, constraint);
        return high >= low ? (low, high) : whole;
    }

    /// <summary>The cell's values within the constraint's interval: whole numbers for integers (inclusive), an interval otherwise.</summary>
    private (double Low, double High) Clip(int cell, ColumnConstraint constraint)
    {
        if (Kind == BinKind.Integer)
        {
            var lowest = constraint.LowerInclusive ? Math.Ceiling(constraint.Lower) : Math.Floor(constraint.Lower) + 1;
            var highest = constraint.UpperInclusive ? Math.Floor(constraint.Upper) : Math.Ceiling(constraint.Upper) - 1;
            return (Math.Max(_edges[cell], lowest), Math.Min(_edges[cell + 1] - 1, highest));
        }
        return (Math.Max(_edges[cell], constraint.Lower), Math.Min(_edges[cell + 1], constraint.Upper));
    }

    public JsonObject ToJson()
    {
        var o = new JsonObject { ["cells"] = Kind.ToString().ToLowerInvariant() };
        if (Kind == BinKind.Categorical) o["levels"] = Bins;
        else o["edges"] = new JsonArray([.. _edges.Select(e => (JsonNode)JsonValue.Create(e))]);
        return o;
    }

    /// <exception cref="SynthesisException">Not a column's cells.</exception>
    public static ColumnBins FromJson(JsonNode node)
    {
        var kind = Enum.Parse<BinKind>(node.Required<string>("cells"), ignoreCase: true);
        if (kind == BinKind.Categorical) return Categorical(node.Required<int>("levels"));
        var edges = node.RequiredArray("edges").Values<double>();
        if (edges.Length < 2 || edges.Zip(edges.Skip(1)).Any(p => !(p.Second > p.First)))
            throw new SynthesisException("The model's bin edges are damaged: they must increase.");
        return new ColumnBins(kind, edges.Length - 1, edges);
    }
}
