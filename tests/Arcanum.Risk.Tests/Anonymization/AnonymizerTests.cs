using Arcanum.Data;
using Arcanum.Data.Tables;
using Arcanum.Risk.Anonymization;
using Arcanum.Risk.Tests.Support;

namespace Arcanum.Risk.Tests.Anonymization;

public sealed class AnonymizerTests
{
    private static readonly string[] Qis = ["age", "sex", "zip"];

    [Theory]
    [InlineData(1, 2, 0.0)]
    [InlineData(2, 3, 0.1)]
    [InlineData(3, 2, 0.05)]
    [InlineData(4, 4, 0.2)]
    [InlineData(5, 5, 0.0)]
    public void Run_RandomSmallTables_FlashFindsTheExhaustiveOptimum(int seed, int k, double suppression)
    {
        // Given
        var (table, hierarchies) = RandomTable(seed, 60);
        var options = new AnonymizationOptions { QuasiIdentifiers = Qis, K = k, SuppressionLimit = suppression };
        var data = EncodedData.Encode(table, hierarchies, null);
        var lattice = new Lattice(hierarchies.Select(h => h.Height).ToArray());
        var allowed = (int)Math.Floor(suppression * table.RowCount + 1e-9);
        var utility = new UtilityModel(data);

        // When
        var result = Anonymizer.Run(table, hierarchies, options);
        var (flashAnonymous, _) = FlashSearch.Run(lattice, n => Grouping.Of(data, lattice.Levels(n), k, null).Outliers <= allowed);

        // Then: Flash's verdicts match checking every node, and no anonymous node loses less
        var exhaustive = Enumerable.Range(0, lattice.Count)
            .Select(n => (Node: n, Grouping: Grouping.Of(data, lattice.Levels(n), k, null)))
            .Select(x => (x.Node, Anonymous: x.Grouping.Outliers <= allowed,
                Loss: utility.Measure(lattice.Levels(x.Node), x.Grouping).Loss))
            .ToArray();
        Assert.Equal(exhaustive.Select(x => x.Anonymous), flashAnonymous);
        var best = exhaustive.Where(x => x.Anonymous).Min(x => x.Loss);
        Assert.Equal(best, result.Utility.Loss, 12);
    }

    [Fact]
    public void Run_WithSuppression_OutputIsKAnonymousAndWithinTheLimit()
    {
        // Given
        var (table, hierarchies) = RandomTable(7, 80);
        var options = new AnonymizationOptions { QuasiIdentifiers = Qis, K = 4, SuppressionLimit = 0.1 };

        // When
        var result = Anonymizer.Run(table, hierarchies, options);

        // Then: suppressed records are left out of the release, and what is released is 4-anonymous
        var output = result.Output;
        Assert.Equal(result.Records - result.Suppressed, output.RowCount);
        Assert.True(result.Suppressed <= 8);
        var classes = EquivalenceClasses.Group(output, Qis);
        Assert.True(classes.Sizes.Min() >= 4);
        Assert.Equal(classes.Count, result.Classes);
        Assert.Equal(1.0 / classes.Sizes.Min(), result.Risk!.Prosecutor.Highest, 12);
    }

    [Fact]
    public void Run_OneRecordSuppressed_ItIsNotReleasedAsAClassOfOne()
    {
        // Given: four alike and one outlier; suppressing the outlier is cheaper than generalising
        var table = Text("age,sex,zip,diagnosis\n30,F,02139,flu\n30,F,02139,copd\n30,F,02139,flu\n"
            + "30,F,02139,copd\n40,M,02139,hiv\n");
        var hierarchies = new[]
        {
            new Hierarchy("age", "age.csv", [["30", "30-39", "*"], ["40", "40-49", "*"]]),
            new Hierarchy("sex", "sex.csv", [["F", "*"], ["M", "*"]]),
            new Hierarchy("zip", "zip.csv", [["02139", "021**", "*"]]),
        };
        var options = new AnonymizationOptions { QuasiIdentifiers = Qis, K = 2, SuppressionLimit = 0.2 };

        // When
        var result = Anonymizer.Run(table, hierarchies, options);

        // Then: a lone '*' record would be the outlier to anyone who knows the outlier is in the table, and its
        // diagnosis with it; the release holds only the 2-anonymous records
        Assert.Equal(1, result.Suppressed);
        Assert.Equal(4, result.Output.RowCount);
        Assert.DoesNotContain("hiv", Enumerable.Range(0, 4).Select(r => result.Output["diagnosis"].RawValue(r)));
        Assert.True(EquivalenceClasses.Group(result.Output, Qis).Sizes.Min() >= 2);
    }

    [Fact]
    public void Run_LDiversity_EveryReleasedClassHasLSensitiveValues()
    {
        // Given
        var (table, hierarchies) = RandomTable(11, 80);
        var options = new AnonymizationOptions
        {
            QuasiIdentifiers = Qis, K = 2, L = 2, Sensitive = "diagnosis", SuppressionLimit = 0.05,
        };

        // When
        var result = Anonymizer.Run(table, hierarchies, options);

        // Then
        var output = result.Output;
        var rows = Enumerable.Range(0, output.RowCount).Where(r => output["age"].RawValue(r) != "*").ToArray();
        var classes = EquivalenceClasses.Group(output.Select(rows), Qis);
        var distinct = rows.Select((row, i) => (Class: classes.ClassOf(i), Value: output["diagnosis"].RawValue(row)))
            .Distinct().GroupBy(x => x.Class).Select(g => g.Count());
        Assert.All(distinct, d => Assert.True(d >= 2));
    }

    [Fact]
    public void Run_MaxRisk_RaisesK()
    {
        var (table, hierarchies) = RandomTable(3, 60);
        var options = new AnonymizationOptions { QuasiIdentifiers = Qis, K = 2, MaxRisk = 0.2 };

        var result = Anonymizer.Run(table, hierarchies, options);

        Assert.True(result.K >= 5);
        Assert.True(result.Risk!.Prosecutor.Highest <= 0.2);
    }

    [Fact]
    public void Run_HierarchyMissesAValue_ErrorNamesFileAndColumnNotTheValue()
    {
        // Given: zip 99999 is not in the hierarchy
        var table = Text("age,sex,zip\n31,F,02139\n32,M,99999\n");
        var hierarchies = new[]
        {
            GeneratedHierarchies.Interval("age", ["31", "32"], [10]),
            new Hierarchy("sex", "sex.csv", [["F", "*"], ["M", "*"]]),
            new Hierarchy("zip", "zip_hierarchy.csv", [["02139", "021**", "*"]]),
        };

        // When
        var error = Assert.Throws<RiskInputException>(() => Anonymizer.Run(table, hierarchies,
            new AnonymizationOptions { QuasiIdentifiers = Qis, K = 2 }));

        // Then
        Assert.Contains("zip_hierarchy.csv", error.Message);
        Assert.Contains("'zip'", error.Message);
        Assert.DoesNotContain("99999", error.Message);
    }

    /// <summary>Quasi-identifiers as text, as <see cref="ReleaseTables"/> reads them ("02139" keeps its 0).</summary>
    private static DataTable Text(string csv) => CsvTableReader.ReadText(csv, "release.csv", new CsvReadOptions
    {
        TypeOverrides = Qis.ToDictionary(q => q, _ => ColumnType.Identifier),
    });

    internal static (DataTable Table, Hierarchy[] Hierarchies) RandomTable(int seed, int rows)
    {
        var random = new Random(seed);
        var zips = new[] { "02139", "02138", "02141", "10001", "10002", "10025" };
        var lines = Enumerable.Range(0, rows).Select(_ => string.Join(',', random.Next(20, 60), random.Next(2) == 0 ? "F" : "M",
            zips[random.Next(zips.Length)], random.Next(3) switch { 0 => "flu", 1 => "asthma", _ => "copd" }));
        var table = Text("age,sex,zip,diagnosis\n" + string.Join('\n', lines));
        var ages = Enumerable.Range(20, 40).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (table,
        [
            GeneratedHierarchies.Interval("age", ages, [5, 10, 20]),
            new Hierarchy("sex", "sex.csv", [["F", "*"], ["M", "*"]]),
            GeneratedHierarchies.Zip("zip", zips),
        ]);
    }
}
