using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Federated.Jobs;
using Arcanum.Federated.Setup;

namespace Arcanum.Federated.Tests.Setup;

public sealed class FeatureExclusionTests
{
    private const string Hospital = "id,hospital,unit,age,lactate,days,died\nP1,A,1,50,2.1,100,0\nP2,A,1,61,3.5,20,1\nP3,A,2,47,1.2,300,0\nP4,A,2,70,4.8,15,1\n";

    [Fact]
    public void Features_SiteColumnInTheSiteFile_IsNeverAFeature()
    {
        // Given: a site's own file still has the column the study was split by
        var table = CsvTableReader.ReadText(Hospital, "a.csv");
        var job = new JobSpec { Target = "died", SiteColumn = "hospital", Exclude = ["days"] };

        // When
        var features = FeatureExclusion.Features(job, table);

        // Then: the id (an identifier), the site column, the excluded column and the target are left out
        Assert.Equal(["unit", "age", "lactate"], features);
        Assert.Equal(["id", "hospital", "days", "died"], FeatureExclusion.Excluded(job, table));
    }

    [Fact]
    public void Excluded_SiteColumnMissingFromTheFile_IsNotAnError()
    {
        var job = new JobSpec { Target = "died", SiteColumn = "hospital" };

        var excluded = FeatureExclusion.Excluded(job, [("age", ColumnType.Integer), ("died", ColumnType.Binary)]);

        Assert.Equal(["died"], excluded);
    }

    [Fact]
    public void Features_ResolvedPbc3Job_LeaveOutTheHospitalCodeAtANetworkSite()
    {
        // Given: the job a pbc3 simulation writes, read as a network site reads it, and a hospital's own file
        var job = JobSpec.Parse(Arcanum.Federated.Simulation.StudyBuilder.Resolve(new JobSpec()).ToJson());
        var table = CsvTableReader.ReadText("ptno;unit;age;days;status\n1;2;62;625;2\n2;2;42;2118;0\n3;2;50;900;1\n", "hospital-a.csv");

        // When
        var features = FeatureExclusion.Features(job, table);

        // Then: the same features the simulator used (no unit, ptno or days)
        Assert.Equal(["age"], features);
    }

    [Fact]
    public void Features_ExampleJobOnEachExampleSite_LeaveOutTheHospitalCode()
    {
        // Given: the network example's job and its hospitals' files
        var examples = ExamplesFolder();
        var job = JobSpec.Load(Path.Combine(examples, "job.json"));

        foreach (var file in Directory.GetFiles(Path.Combine(examples, "sites"), "hospital-*.csv"))
        {
            // When
            var features = FeatureExclusion.Features(job, CsvTableReader.Read(file));

            // Then: unit (the hospital code) is not a patient measurement; follow-up days reveal the outcome
            Assert.DoesNotContain("unit", features);
            Assert.DoesNotContain("days", features);
            Assert.DoesNotContain("ptno", features);
            Assert.Contains("bili", features);
        }
    }

    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(candidate, "job.json"))) return candidate;
        }
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }
    [Fact]
    public void ConstantAtEverySite_ColumnConstantWithinEachOfTwoSites_IsLeftOut()
    {
        var perSite = new List<IReadOnlySet<string>> { new HashSet<string> { "ward", "sex" }, new HashSet<string> { "ward" } };

        var constant = FeatureExclusion.ConstantAtEverySite(["age", "sex", "ward"], perSite);

        Assert.Equal(["ward"], constant);
        Assert.Empty(FeatureExclusion.ConstantAtEverySite(["ward"], [new HashSet<string> { "ward" }]));   // one site: nothing to tell apart
    }

    [Fact]
    public void Features_NetworkAndSimulator_LeaveOutAColumnConstantWithinEverySite()
    {
        // Given: a hospital code under another name ("clinic") beside the site column the simulator splits by
        var rows = string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{(i % 2 == 0 ? "A" : "B")},{(i % 2 == 0 ? "c-1" : "c-2")},{30 + i},{i % 3 % 2}"));
        var pooled = CsvTableReader.ReadText("hospital,clinic,age,died\n" + rows + "\n", "all.csv");
        var job = new JobSpec { Target = "died", Positive = "1", SiteColumn = "hospital", Rounds = 1 };

        // When: the simulator builds the study, and the server merges the two sites' descriptions
        var simulated = Arcanum.Federated.Simulation.StudyBuilder.FromTable(job, pooled, "all.csv");
        var descriptions = new[] { "A", "B" }.ToDictionary(h => h, h =>
            TablePreparation.Describe(pooled.Select(Enumerable.Range(0, pooled.RowCount).Where(r => pooled["hospital"].RawValue(r) == h).ToArray()), job, h));
        var network = TablePreparation.Features(descriptions, out var dropped);

        // Then: both leave "clinic" out, and the network says so
        Assert.Equal(["age"], network);
        Assert.Equal(["clinic"], dropped);
        Assert.DoesNotContain(simulated.FeatureNames, f => f.StartsWith("clinic", StringComparison.Ordinal));
        Assert.Contains(simulated.FeatureNames, f => f.StartsWith("age", StringComparison.Ordinal));
    }
}
