using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

// Not "...Tests.Protocol": that would shadow the generated Arcanum.Network.Protocol types in the other test files.
namespace Arcanum.Network.Tests.WireProtocol;

/// <summary>
/// Two small sites' tables with every column type (identifier, integer with gaps, numeric, text
/// binary, 0/1 typed differently at each site, categorical, date) for tests that run the real
/// site-side code and look at the JSON it writes.
/// </summary>
internal static class WireFixture
{
    public const string SiteA = """
        patient_id;age;bili;sex;flag;stage;visit;outcome
        1;54;1.2;F;0;II;2024-01-03;yes
        2;61;0.7;M;1;III;2024-02-11;no
        3;NA;3.4;F;0;I;2024-03-15;yes
        4;47;0.9;M;1;II;2024-01-20;no
        5;70;2.2;F;0;IV;2024-04-02;no
        6;38;1.1;M;1;;2024-05-06;yes
        7;66;"1.5";F;0;II;2024-06-09;no
        8;59;0.8;M;1;III;2024-07-12;maybe
        """;

    public const string SiteB = """
        patient_id,age,bili,sex,flag,stage,visit,outcome
        11,44,1.0,F,0,I,2023-11-03,no
        12,52,2.5,F,0,II,2023-12-11,yes
        13,63,?,M,0,III,2024-01-15,no
        14,71,1.9,M,0,II,2024-02-20,yes
        15,49,0.6,F,0,I,2024-03-02,maybe
        16,58,1.4,M,0,IV,2024-04-06,no
        """;

    public static JobSpec Job(string? positive = null) => new()
    {
        Data = "demo", Name = "wire-fixture", Target = "outcome", Positive = positive, Exclude = ["visit"], Model = "mlp", Hidden = [4],
        Rounds = 2, LocalEpochs = 1, BatchSize = 4, MinSites = 2, Holdout = 0.3, Seed = 7,
    };

    public static DataTable Table(string text, string site, IReadOnlyDictionary<string, ColumnType>? types = null) =>
        CsvTableReader.ReadText(text, site + ".csv", types is { Count: > 0 } ? new CsvReadOptions { TypeOverrides = types } : null);

    public static IReadOnlyDictionary<string, string> Sites { get; } = new Dictionary<string, string> { ["hospital-a"] = SiteA, ["hospital-b"] = SiteB };

    /// <summary>The setup steps the server and the sites run, in order, as <see cref="TablePreparation"/> runs them.</summary>
    public static Steps Run(JobSpec job)
    {
        var descriptions = new SortedDictionary<string, SiteDescription>(StringComparer.Ordinal);
        foreach (var (site, text) in Sites) descriptions[site] = TablePreparation.Describe(Table(text, site), job, job.Data);
        var classes = TablePreparation.Classes(job, descriptions.Values);
        var features = TablePreparation.Features(descriptions);
        var types = TablePreparation.ColumnTypes(descriptions.Values);
        var statisticsSetup = new StudySetup(classes, features, null, [], null, types);
        var splits = Sites.ToDictionary(p => p.Key, p => TablePreparation.Split(Table(p.Value, p.Key, types), job, classes, p.Key));
        var summaries = splits.ToDictionary(p => p.Key, p => TablePreparation.Summarize(p.Value, features, classes.Count));
        var setup = TablePreparation.Decide(job, classes, features, summaries.Values, types);
        return new Steps(descriptions, statisticsSetup, splits, summaries, setup);
    }

    public sealed record Steps(
        IReadOnlyDictionary<string, SiteDescription> Descriptions, StudySetup StatisticsSetup,
        IReadOnlyDictionary<string, SiteSplit> Splits, IReadOnlyDictionary<string, SiteSummary> Summaries, StudySetup Setup);
}
