using Arcanum.Data;
using Arcanum.Data.Encoding;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

namespace Arcanum.Federated.Tests.Setup;

public class TablePreparationTests
{
    private static readonly JobSpec Job = new() { Data = "t", Target = "y", Positive = "1", Holdout = 0.25, Seed = 3 };

    // Three hospitals' files: `unit` is 1/2, 3/4 and 5/6 (each file alone would call it Binary);
    // `bleed` is 0/1 at two sites and only 0 at the third (which alone would call it Integer).
    private static readonly string[] Files =
    [
        "unit,bleed,age,y\n1,0,50,0\n2,1,61,1\n1,0,47,0\n2,0,70,1\n1,1,55,0\n2,0,66,1\n",
        "unit,bleed,age,y\n3,1,52,1\n4,0,58,0\n3,0,49,0\n4,1,73,1\n3,0,60,1\n4,0,45,0\n",
        "unit,bleed,age,y\n5,0,51,0\n6,0,64,1\n5,0,43,0\n6,0,69,1\n5,0,57,1\n6,0,48,0\n",
    ];

    [Fact]
    public void Sites_types_are_settled_as_the_pooled_file_would_type_them()
    {
        var tables = Files.Select((f, i) => CsvTableReader.ReadText(f, $"site{i}.csv")).ToList();
        Assert.Equal(ColumnType.Binary, tables[0]["unit"].Type);
        Assert.Equal(ColumnType.Integer, tables[2]["bleed"].Type);

        var types = TablePreparation.ColumnTypes(tables.Select(t => TablePreparation.Describe(t, Job, "t")));

        var pooled = CsvTableReader.ReadText(Files[0] + string.Concat(Files.Skip(1).Select(f => f[(f.IndexOf('\n') + 1)..])), "all.csv");
        Assert.Equal(pooled["unit"].Type, types["unit"]);     // Integer: six values in all
        Assert.Equal(pooled["bleed"].Type, types["bleed"]);   // Binary: 0 and 1 in all
        Assert.False(types.ContainsKey("age"));               // every site agrees already
    }

    [Fact]
    public void With_the_settled_types_the_sites_encoding_equals_the_pooled_files()
    {
        var first = Files.Select((f, i) => CsvTableReader.ReadText(f, $"site{i}.csv")).ToList();
        var descriptions = first.Select(t => TablePreparation.Describe(t, Job, "t")).ToList();
        var types = TablePreparation.ColumnTypes(descriptions);
        var tables = Files.Select((f, i) => CsvTableReader.ReadText(f, $"site{i}.csv", new CsvReadOptions { TypeOverrides = types })).ToList();
        var classes = TablePreparation.Classes(Job, descriptions);
        var features = TablePreparation.Features(descriptions.Select((d, i) => ($"site{i}", d)).ToDictionary(p => p.Item1, p => p.d));
        var summaries = tables.Select((t, i) => TablePreparation.Summarize(TablePreparation.Split(t, Job, classes, $"site{i}"), features, classes.Count));
        var network = TablePreparation.Decide(Job, classes, features, summaries, types);

        var pooled = CsvTableReader.ReadText(Files[0] + string.Concat(Files.Skip(1).Select(f => f[(f.IndexOf('\n') + 1)..])), "all.csv");
        var pooledSplits = Enumerable.Range(0, 3).Select(i => TablePreparation.Split(pooled.Select(Enumerable.Range(i * 6, 6).ToArray()), Job, classes, $"site{i}"));
        var simulated = TablePreparation.Decide(Job, classes, features, pooledSplits.Select(s => TablePreparation.Summarize(s, features, classes.Count)));

        Assert.Equal(simulated.EncoderJson, network.EncoderJson);
        Assert.Equal(["not 1", "1"], classes);
        Assert.Contains("\"unit\"", FeatureEncoder.FromJson(network.EncoderJson!).ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Features_ColumnAMinorityLacks_IsKeptAndThatSiteIsRefusedNamingIt()
    {
        var describe = (string csv) => TablePreparation.Describe(CsvTableReader.ReadText(csv, "t.csv"), Job, "t");
        var sites = new Dictionary<string, SiteDescription>
        {
            ["hospital-a"] = describe("age,bili,y\n1,3,0\n2,4,1\n"),
            ["hospital-b"] = describe("age,bili,extra,y\n1,3,9,0\n2,4,9,1\n"),
            ["hospital-c"] = describe("age,y\n1,0\n2,1\n"),
        };

        var features = TablePreparation.Features(sites);

        Assert.Equal(["age", "bili"], features);   // 'extra' only one site of three has: left out
        var e = Assert.Throws<JobSpecException>(() => TablePreparation.CheckFeatures(CsvTableReader.ReadText("age,y\n1,0\n2,1\n", "c.csv"), features, "hospital-c"));
        Assert.Contains("hospital-c's table has no column 'bili'", e.Message);
    }

    [Fact]
    public void Features_NoSiteDescribed_IsAnError()
    {
        Assert.Throws<JobSpecException>(() => TablePreparation.Features(new Dictionary<string, SiteDescription>()));
    }
}
