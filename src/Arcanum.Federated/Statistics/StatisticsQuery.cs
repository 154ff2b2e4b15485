using System.Globalization;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Statistics;

/// <summary>
/// What a requester asks every site for: counts, missing counts, means, variances, histograms and
/// quantiles of numeric <see cref="Columns"/>, per level of <see cref="By"/> when given. Every site
/// receives the same query, so its <see cref="Ranges"/> fix the histogram edges everywhere.
/// </summary>
/// <remarks>
/// Why ranges come from the query rather than a first round of site minima and maxima: an exact
/// minimum or maximum is one patient's value, and a noisy one costs ε and still moves with outliers.
/// A declared range ("age 0:120") is public knowledge, gives every site the same edges, and bounds
/// how much one record can move a sum, which differential privacy needs anyway.
/// </remarks>
/// <param name="Columns">Numeric, integer or date columns to describe.</param>
/// <param name="Ranges">The declared range of each column; values beyond it are clamped into it.</param>
/// <param name="By">An optional column to group rows by (its text value; missing values are a group).</param>
/// <param name="ByLevels">
/// The groups to report, in order. Required with noise: which levels a site has is itself data. Without
/// it, each site reports the levels it holds. Rows with another level form the group "(other)".
/// </param>
/// <param name="Bins">Equal-width histogram bins over each range; quantiles are read off them.</param>
/// <param name="Quantiles">Probabilities in (0, 1); null means quartiles.</param>
public sealed record StatisticsQuery(
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, ValueRange> Ranges,
    string? By = null,
    IReadOnlyList<string>? ByLevels = null,
    int Bins = StatisticsQuery.DefaultBins,
    IReadOnlyList<double>? Quantiles = null)
{
    public const int DefaultBins = 20;
    public const int MaxBins = 1000;
    public const string MissingGroup = "(missing)";
    public const string OtherGroup = "(other)";

    /// <summary>The quantiles to report: <see cref="Quantiles"/> or the quartiles.</summary>
    public IReadOnlyList<double> QuantilesWanted => Quantiles ?? [0.25, 0.5, 0.75];

    /// <summary>The declared range of a column of this query.</summary>
    public ValueRange RangeOf(string column) => Ranges[column];

    /// <exception cref="StatisticsException">The query is inconsistent on its own.</exception>
    public void Validate()
    {
        if (Columns is null || Columns.Count == 0)
            throw new StatisticsException("Name at least one column to describe.");
        if (Ranges is null) throw new StatisticsException("Declare a range for every column, e.g. age=0:120.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            if (string.IsNullOrWhiteSpace(column)) throw new StatisticsException("A column name is empty.");
            if (!seen.Add(column)) throw new StatisticsException($"Column '{column}' is named twice.");
            if (!Ranges.TryGetValue(column, out var range))
                throw new StatisticsException(
                    $"Column '{column}' has no declared range; give one such as {column}=0:100. Every site clamps " +
                    "to it, so the histogram edges agree without any site revealing its minimum or maximum.");
            if (!(double.IsFinite(range.Lower) && double.IsFinite(range.Upper) && range.Lower < range.Upper))
                throw new StatisticsException(
                    $"The range of '{column}' must be two finite numbers, lower below upper; got {Format(range)}.");
        }
        if (By is not null && seen.Contains(By))
            throw new StatisticsException($"Column '{By}' cannot be both described and grouped by.");
        if (ByLevels is not null && By is null)
            throw new StatisticsException("Group levels were given without a column to group by.");
        if (Bins < 1 || Bins > MaxBins)
            throw new StatisticsException($"Histogram bins must be between 1 and {MaxBins}; got {Bins}.");
        foreach (var q in QuantilesWanted)
        {
            if (!(q > 0 && q < 1))
                throw new StatisticsException($"A quantile must be a probability in (0, 1); got {q}.");
        }
    }

    /// <summary>Checks the query against a site's table: every column there, numeric, the group column there.</summary>
    /// <exception cref="StatisticsException">A column is missing (with the nearest name) or not numeric.</exception>
    public void Validate(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var names = table.Columns.Select(c => c.Name).ToList();
        foreach (var column in Columns)
        {
            if (!table.Contains(column))
                throw new StatisticsException(
                    $"The data has no column '{column}'.{NearestName.Suggestion(column, names)} " +
                    $"Columns: {string.Join(", ", names)}.");
            if (table[column] is not NumericColumn)
                throw new StatisticsException(
                    $"Column '{column}' is {table[column].Type.ToString().ToLowerInvariant()}, not numeric; " +
                    "group by it with --by to count its levels instead.");
        }
        if (By is not null && !table.Contains(By))
            throw new StatisticsException(
                $"The data has no column '{By}' to group by.{NearestName.Suggestion(By, names)} " +
                $"Columns: {string.Join(", ", names)}.");
        Validate();   // after the columns: a misspelt column is named as such, not as one lacking a range
    }

    private static string Format(ValueRange r) =>
        string.Create(CultureInfo.InvariantCulture, $"{r.Lower}:{r.Upper}");
}
