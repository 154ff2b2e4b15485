using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Marginal;

/// <summary>
/// Cuts every learned column into cells: categories by their levels, numbers and dates into bins between public
/// bounds or bounds estimated privately (<see cref="DpRange"/>, spending <see cref="MstOptions.RangeShare"/>), and a
/// last cell for missing values. It says where each column's cells came from, for the model folder.
/// </summary>
internal static class Discretisation
{
    public static DiscreteTable Build(TableSchema schema, double[][] values, MstOptions options, PrivacyLedger ledger, Random noise)
    {
        var learned = schema.Learned;
        var estimated = learned.Count(c => c.IsNumeric && options.Domain?.Find(c.Name)?.HasBounds != true);
        var rhoPerColumn = estimated == 0 ? 0 : options.RangeShare * ledger.Rho / estimated;
        var bins = new ColumnBins[learned.Count];
        var cells = new int[learned.Count][];
        var columns = new ColumnSchema[learned.Count];
        var sources = new string[learned.Count];
        for (var i = 0; i < learned.Count; i++)
        {
            var column = learned[i];
            var domain = options.Domain?.Find(column.Name);
            if (column.IsCategorical)
            {
                var (levels, codes) = domain?.Levels is { } publicLevels ? (publicLevels, Recode(column, values[i], publicLevels)) : (column.Levels, values[i]);
                sources[i] = domain?.Levels is null ? "levels read from the data (not covered by the privacy guarantee)" : "levels from the public domain";
                bins[i] = ColumnBins.Categorical(levels.Count);
                columns[i] = column with { Levels = levels };
                cells[i] = [.. codes.Select(bins[i].Encode)];
                continue;
            }
            var decimals = domain?.Decimals ?? column.Decimals;
            var integer = column.Type == ColumnType.Integer || (column.Type == ColumnType.Date && decimals == 0);
            double lower, upper;
            var skewed = false;
            if (domain?.HasBounds == true)
            {
                (lower, upper, skewed) = (domain.Min!.Value, domain.Max!.Value, domain.LogScale);
                sources[i] = domain.LogScale ? "bounds from the public domain; bins of equal ratio" : "bounds from the public domain";
            }
            else
            {
                var range = DpRange.Estimate(values[i], rhoPerColumn, integer, noise);
                (lower, upper, skewed) = (range.Lower, range.Upper, range.Skewed);
                var spent = range.Stages == 2 ? rhoPerColumn : rhoPerColumn * DpRange.FirstStageShare;
                var second = range.Stages == 2
                    ? Invariant($", then sigma {Zcdp.GaussianSigma(rhoPerColumn * (1 - DpRange.FirstStageShare)):0.##} on {DpRange.RefineCells} equal cells")
                    : "";
                ledger.Spend($"range of {column.Name}", "Gaussian on a fixed histogram", spent, range.Sigma,
                    Invariant($"sigma {range.Sigma:0.##} on {DpRange.Buckets} power-of-two buckets{second}"));
                var how = Invariant($"{range.Stages} measurement{(range.Stages == 2 ? "s" : "")}{(range.Skewed ? "; bins of equal ratio from zero" : "")}");
                sources[i] = range.Significant
                    ? $"bounds by a private range estimate ({how})"
                    : "bounds by a private range estimate that found no clear signal at this budget (a guess; give public bounds)";
            }
            var count = domain?.Bins ?? options.Bins;
            bins[i] = skewed ? ColumnBins.Geometric(lower, upper, count, integer)
                : integer ? ColumnBins.Integers(lower, upper, count) : ColumnBins.Continuous(lower, upper, count);
            columns[i] = column with { Min = bins[i].Lower, Max = bins[i].Upper, Decimals = decimals };
            cells[i] = [.. values[i].Select(bins[i].Encode)];
        }
        return new DiscreteTable(bins, cells, columns, sources);
    }

    /// <summary>Level codes of the data's levels turned into codes of the public levels.</summary>
    /// <exception cref="SynthesisException">The data holds a level the domain does not list.</exception>
    private static double[] Recode(ColumnSchema column, double[] codes, IReadOnlyList<string> levels)
    {
        var map = column.Levels.Select(l => levels.ToList().IndexOf(l)).ToArray();
        var unknown = codes.Where(c => !double.IsNaN(c) && map[(int)c] < 0).Select(c => column.Levels[(int)c]).Distinct().ToArray();
        if (unknown.Length > 0)
        {
            var listed = string.Join(", ", unknown.Take(5).Select(u => $"'{u}'")) + (unknown.Length > 5 ? ", ..." : "");
            throw new SynthesisException($"Column '{column.Name}' holds {listed}, which its public domain does not list. " +
                "Add them to its levels, or leave the column out of the domain.");
        }
        return [.. codes.Select(c => double.IsNaN(c) ? double.NaN : map[(int)c])];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A table cut into cells: each learned column's bins, its cells per row, its released description (levels,
/// bounds, decimals; shares and missing rates come later from the model) and where its cells came from.
/// </summary>
internal sealed record DiscreteTable(ColumnBins[] Bins, int[][] Cells, ColumnSchema[] Columns, string[] Sources);
