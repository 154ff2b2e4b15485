using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;

namespace Arcanum.Federated.Setup;

/// <summary>
/// Which columns of a site's table are never features, decided one way for the simulator and for a
/// network site, so that a study designed in simulation trains on the same features everywhere:
/// the target, the job's <c>exclude</c> list, the job's <c>site_column</c> (a hospital code is not a
/// patient measurement and is constant within a site) and identifier columns (unique text per row).
/// Only columns the table has are returned: a site whose file lacks the site column is not an error.
/// </summary>
public static class FeatureExclusion
{
    /// <summary>The columns of <paramref name="columns"/> that are not features, in table order.</summary>
    public static IReadOnlyList<string> Excluded(JobSpec job, IEnumerable<(string Name, ColumnType Type)> columns)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(columns);
        var named = new HashSet<string>(job.Exclude ?? [], StringComparer.Ordinal);
        if (job.SiteColumn is { } site) named.Add(site);
        if (job.Target is { } target) named.Add(target);
        return [.. columns.Where(c => c.Type == ColumnType.Identifier || named.Contains(c.Name)).Select(c => c.Name)];
    }

    /// <summary>The feature columns of <paramref name="columns"/>: every column not <see cref="Excluded(JobSpec, IEnumerable{ValueTuple{string, ColumnType}})"/>, in table order.</summary>
    public static IReadOnlyList<string> Features(JobSpec job, IEnumerable<(string Name, ColumnType Type)> columns)
    {
        var list = columns.ToList();
        var excluded = Excluded(job, list).ToHashSet(StringComparer.Ordinal);
        return [.. list.Where(c => !excluded.Contains(c.Name)).Select(c => c.Name)];
    }

    /// <summary><see cref="Excluded(JobSpec, IEnumerable{ValueTuple{string, ColumnType}})"/> for a loaded table.</summary>
    public static IReadOnlyList<string> Excluded(JobSpec job, DataTable table) => Excluded(job, Columns(table));

    /// <summary><see cref="Features(JobSpec, IEnumerable{ValueTuple{string, ColumnType}})"/> for a loaded table.</summary>
    public static IReadOnlyList<string> Features(JobSpec job, DataTable table) => Features(job, Columns(table));

    /// <summary>True when <paramref name="column"/> holds one distinct value, or none, in every row.</summary>
    public static bool IsConstant(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        string? first = null;
        for (var r = 0; r < column.Length; r++)
        {
            if (column.RawValue(r) is not { } value) continue;
            if (first is null) first = value;
            else if (!string.Equals(first, value, StringComparison.Ordinal)) return false;
        }
        return true;
    }

    /// <summary>
    /// The <paramref name="features"/> constant within every one of two or more sites: a hospital code
    /// under another name, or a column that carries nothing. Such a column tells the model only which
    /// site a row came from, so it is never a feature, in the simulator and on a network alike.
    /// </summary>
    /// <param name="features">The candidate features.</param>
    /// <param name="constantPerSite">For each site, the columns constant in its rows.</param>
    public static IReadOnlySet<string> ConstantAtEverySite(IEnumerable<string> features, IReadOnlyList<IReadOnlySet<string>> constantPerSite)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(constantPerSite);
        if (constantPerSite.Count < 2) return new HashSet<string>();
        return features.Where(f => constantPerSite.All(site => site.Contains(f))).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<(string Name, ColumnType Type)> Columns(DataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Columns.Select(c => (c.Name, c.Type));
    }
}
