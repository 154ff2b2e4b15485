using System.Text.Json;
using System.Text.Json.Serialization;
using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Simulation;

namespace Arcanum.Federated.Setup;

/// <summary>What a site says about its table before anything is decided: no rows, no per-row values.</summary>
/// <param name="Rows">Rows in the site's table.</param>
/// <param name="TargetValues">Distinct target values: they become the classes, or confirm the positive value occurs.</param>
/// <param name="Features">The feature columns the site would use, in table order.</param>
/// <param name="Columns">Each feature's inferred type, with its distinct values when it holds at most 2 whole numbers.</param>
public sealed record SiteDescription(long Rows, IReadOnlyList<string> TargetValues, IReadOnlyList<string> Features, IReadOnlyList<FeatureColumn>? Columns = null);

/// <summary>
/// A feature column as one site's file types it. <see cref="Numbers"/> (at most 2) lets the server type 0/1 columns as a
/// pooled file would; <see cref="Constant"/> says the column holds one value at this site (see <see cref="FeatureExclusion"/>).
/// </summary>
public sealed record FeatureColumn(string Name, ColumnType Type, IReadOnlyList<double>? Numbers, bool? Constant = null);

/// <summary>A site's rows split into train and held-out, with labels in the study's class order.</summary>
public sealed record SiteSplit(string Site, DataTable Train, int[] TrainLabels, DataTable Holdout, int[] HoldoutLabels);

/// <summary>A site's aggregate summary of its training rows, from which the study's encoding is fitted.</summary>
public sealed record SiteSummary(long TrainRows, long HoldoutRows, long[] ClassCounts, EncoderStatistics Statistics);

/// <summary>What the server decides once and every site applies: classes, feature encoding, class weights.</summary>
public sealed record StudySetup(
    [property: JsonPropertyName("class_names")] IReadOnlyList<string> ClassNames,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("encoder")] string? EncoderJson,
    [property: JsonPropertyName("sample_shape")] int[] SampleShape,
    [property: JsonPropertyName("class_weights")] float[]? ClassWeights,
    [property: JsonPropertyName("column_types")] IReadOnlyDictionary<string, ColumnType>? ColumnTypes = null)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <exception cref="FormatException">Not a setup document.</exception>
    public static StudySetup FromJson(string json)
    {
        try
        {
            var setup = JsonSerializer.Deserialize<StudySetup>(json, Options) ?? throw new FormatException("The study setup is empty.");
            if (setup.ClassNames is null || setup.ClassNames.Count < 2) throw new FormatException("The study setup names fewer than two classes.");
            if (setup.Features is null || setup.SampleShape is null) throw new FormatException("The study setup lacks its features or sample shape.");
            return setup;
        }
        catch (JsonException e)
        {
            throw new FormatException($"The study setup is not valid JSON: {e.Message}", e);
        }
    }
}

/// <summary>
/// The steps that turn each site's own table into training data without pooling rows. The
/// simulator and a network site run exactly these steps, so the same job and seed give the same
/// splits, the same encoding and therefore the same model in both worlds:
/// <list type="number">
/// <item>each site <see cref="Describe"/>s its table; the server <see cref="Classes"/> and <see cref="Features(IReadOnlyDictionary{string, SiteDescription}, out IReadOnlySet{string})"/> merge the answers;</item>
/// <item>each site <see cref="Split"/>s its rows (seeded by the job seed and its name) and <see cref="Summarize"/>s its training rows;</item>
/// <item>the server fits the encoding from the merged summaries (<see cref="Decide"/>); each site encodes its rows with it (<see cref="ToSiteData"/>).</item>
/// </list>
/// </summary>
public static class TablePreparation
{
    public static SiteDescription Describe(DataTable table, JobSpec job, string dataName)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(job);
        CheckColumns(table, job, dataName, requireSiteColumn: false);
        var values = LabelEncoder.DistinctValues(table, job.Target!);
        var features = FeatureExclusion.Features(job, table);
        return new SiteDescription(table.RowCount, values, features, features.Select(f => DescribeColumn(table[f])).ToList());
    }

    private static FeatureColumn DescribeColumn(Column column)
    {
        var constant = FeatureExclusion.IsConstant(column);
        var numbers = new HashSet<double>();
        for (var r = 0; r < column.Length && numbers.Count <= 2; r++)
        {
            if (column.RawValue(r) is not { } text) continue;
            if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) || x != Math.Round(x))
                return new FeatureColumn(column.Name, column.Type, null, constant);
            numbers.Add(x);
        }
        return new FeatureColumn(column.Name, column.Type, numbers.Count <= 2 ? numbers.Order().ToList() : null, constant);
    }

    /// <summary>
    /// The type a pooled file would give columns of whole numbers that a site's file types
    /// otherwise: 0/1 at one site and only 0 at another is Binary (two values in all); units 1/2 at
    /// one site and 3/4 at another is Integer (more than two). Returns only columns some site must
    /// re-type; other disagreements are left to the statistics merge, which reports them.
    /// </summary>
    public static IReadOnlyDictionary<string, ColumnType> ColumnTypes(IEnumerable<SiteDescription> sites)
    {
        var byColumn = sites.SelectMany(s => s.Columns ?? []).GroupBy(c => c.Name, StringComparer.Ordinal);
        var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var column in byColumn)
        {
            if (!column.All(c => c.Type is ColumnType.Binary or ColumnType.Integer)) continue;
            if (column.Any(c => c.Type == ColumnType.Binary && c.Numbers is null)) continue;   // text levels: the merge settles (or reports) them
            var decided = column.Any(c => c.Numbers is null) || column.SelectMany(c => c.Numbers!).Distinct().Count() != 2
                ? ColumnType.Integer    // more than two whole numbers in all (or just one)
                : ColumnType.Binary;
            if (column.Any(c => c.Type != decided)) types[column.Key] = decided;
        }
        return types;
    }

    /// <summary>The study's classes from every site's description (the same classes a pooled table would give).</summary>
    public static IReadOnlyList<string> Classes(JobSpec job, IEnumerable<SiteDescription> sites)
    {
        try
        {
            return LabelEncoder.ClassNamesFrom(sites.SelectMany(s => s.TargetValues), job.Target!, job.Positive);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
    }

    /// <summary>
    /// The study's feature columns: those that at least half of the sites have, in the order of the
    /// first site (by name) that has them. A site lacking one of them refuses the statistics task
    /// (<see cref="CheckFeatures"/>) and the study goes on without it; a column only a minority has
    /// is left out.
    /// </summary>
    public static IReadOnlyList<string> Features(IReadOnlyDictionary<string, SiteDescription> sites) => Features(sites, out _);

    /// <inheritdoc cref="Features(IReadOnlyDictionary{string, SiteDescription})"/>
    /// <param name="sites">Each site's description, by site name.</param>
    /// <param name="siteConstant">Columns left out because they are constant within every site (<see cref="FeatureExclusion.ConstantAtEverySite"/>).</param>
    public static IReadOnlyList<string> Features(IReadOnlyDictionary<string, SiteDescription> sites, out IReadOnlySet<string> siteConstant)
    {
        if (sites.Count == 0) throw new JobSpecException("No site described its data.");
        var counts = sites.Values.SelectMany(d => d.Features.Distinct(StringComparer.Ordinal)).GroupBy(f => f, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var features = new List<string>();
        foreach (var (_, d) in sites.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            foreach (var f in d.Features)
            {
                if (2 * counts[f] >= sites.Count && !features.Contains(f, StringComparer.Ordinal)) features.Add(f);
            }
        }
        var perSite = sites.Values.Select(d => (IReadOnlySet<string>)(d.Columns ?? []).Where(c => c.Constant == true).Select(c => c.Name).ToHashSet(StringComparer.Ordinal)).ToList();
        var constant = FeatureExclusion.ConstantAtEverySite(features, perSite);
        features.RemoveAll(constant.Contains);
        siteConstant = constant;
        if (features.Count == 0) throw new JobSpecException("No feature columns are left after excluding the target, identifiers, excluded columns and columns constant within every site.");
        return features;
    }

    /// <summary>Refuses a site whose table lacks one of the study's feature columns, naming it.</summary>
    public static void CheckFeatures(DataTable table, IReadOnlyList<string> features, string site)
    {
        ArgumentNullException.ThrowIfNull(table);
        var missing = features.Where(f => !table.Contains(f)).ToList();
        if (missing.Count == 0) return;
        throw new JobSpecException(missing.Count == 1
            ? $"{site}'s table has no column '{missing[0]}', which the other sites use as a feature; add it, or list it in the job's \"exclude\"."
            : $"{site}'s table lacks the feature columns {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the other sites use; add them, or list them in the job's \"exclude\".");
    }

    /// <summary>Splits a site's rows into train and held-out, stratified by class and seeded by the job seed and the site's name.</summary>
    public static SiteSplit Split(DataTable table, JobSpec job, IReadOnlyList<string> classNames, string site)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labels = EncodeLabels(table, job, classNames);
        var rows = labels.Rows;
        if (rows.Length < 2)
            throw new JobSpecException($"Site '{site}' has {rows.Length} row(s) with a target value; a site needs at least 2 (one to train on, one to hold out). Use fewer sites or a different split.");
        var (train, holdout) = Splits.Stratified(labels.Labels, job.Holdout, Seeds.ForStage(job.Seed, "split/" + site));
        if (train.Length == 0 || holdout.Length == 0)
            throw new JobSpecException($"Site '{site}' has too few rows ({rows.Length}) to split into train and held-out.");
        return new SiteSplit(site,
            table.Select(train.Select(i => rows[i]).ToArray()), train.Select(i => labels.Labels[i]).ToArray(),
            table.Select(holdout.Select(i => rows[i]).ToArray()), holdout.Select(i => labels.Labels[i]).ToArray());
    }

    public static SiteSummary Summarize(SiteSplit split, IReadOnlyList<string> features, int classCount)
    {
        ArgumentNullException.ThrowIfNull(split);
        var counts = new long[classCount];
        foreach (var y in split.TrainLabels) counts[y]++;
        return new SiteSummary(split.Train.RowCount, split.Holdout.RowCount, counts, EncoderStatistics.Compute(split.Train, features));
    }

    /// <summary>The server's decision from every site's summary: the fitted encoder and the class weights.</summary>
    public static StudySetup Decide(JobSpec job, IReadOnlyList<string> classNames, IReadOnlyList<string> features, IEnumerable<SiteSummary> summaries,
        IReadOnlyDictionary<string, ColumnType>? columnTypes = null)
    {
        var list = summaries.ToList();
        if (list.Count == 0) throw new JobSpecException("No site summarised its data.");
        EncoderStatistics merged;
        try
        {
            merged = EncoderStatistics.Merge(list.Select(s => s.Statistics));
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
        var encoder = FeatureEncoder.Fit(merged);
        var counts = new long[classNames.Count];
        foreach (var s in list)
        {
            if (s.ClassCounts.Length != counts.Length) throw new JobSpecException($"A site counted {s.ClassCounts.Length} classes; the study has {counts.Length}.");
            for (var k = 0; k < counts.Length; k++) counts[k] += s.ClassCounts[k];
        }
        var weights = job.ClassWeights == "balanced" ? StudyModel.BalancedWeights(counts) : null;
        return new StudySetup(classNames, features, encoder.ToJson(), [encoder.FeatureCount], weights, columnTypes);
    }

    /// <summary>A site's rows encoded with the study's encoder.</summary>
    public static SiteData ToSiteData(SiteSplit split, FeatureEncoder encoder, int classCount) =>
        new(split.Site, encoder.ToDataset(split.Train, split.TrainLabels, classCount), encoder.ToDataset(split.Holdout, split.HoldoutLabels, classCount));

    internal static void CheckColumns(DataTable table, JobSpec job, string dataName, bool requireSiteColumn)
    {
        string Columns() => string.Join(", ", table.Columns.Select(c => c.Name));
        if (job.Target is null)
            throw new JobSpecException($"The job names no \"target\", the column to predict. Columns in {dataName}: {Columns()}.");
        if (!table.Contains(job.Target))
            throw new JobSpecException($"Target column '{job.Target}' is not in {dataName} (the job's \"target\"). Columns: {Columns()}.");
        if (requireSiteColumn && job.SiteColumn is { } sc && !table.Contains(sc))
            throw new JobSpecException($"Site column '{sc}' is not in {dataName} (the job's \"site_column\"). Columns: {Columns()}.");
        foreach (var name in job.Exclude ?? [])
        {
            if (!table.Contains(name)) throw new JobSpecException($"Column '{name}', listed in the job's \"exclude\", is not in {dataName}. Columns: {Columns()}.");
        }
    }

    /// <summary>Never features: the excluded columns and the site column (where a table has one).</summary>
    internal static HashSet<string> Excluded(JobSpec job)
    {
        var exclude = new HashSet<string>(job.Exclude ?? [], StringComparer.Ordinal);
        if (job.SiteColumn is not null) exclude.Add(job.SiteColumn);
        return exclude;
    }

    private static TargetEncoding EncodeLabels(DataTable table, JobSpec job, IReadOnlyList<string> classNames)
    {
        try
        {
            return LabelEncoder.EncodeWith(table, job.Target!, classNames, job.Positive);
        }
        catch (ArgumentException e)
        {
            throw new JobSpecException(e.Message);
        }
    }
}
