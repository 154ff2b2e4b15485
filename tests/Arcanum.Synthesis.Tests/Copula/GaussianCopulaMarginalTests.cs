using Arcanum.Data.Synthetic;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Schema;
using static Arcanum.Synthesis.Tests.Copula.CopulaTestData;

namespace Arcanum.Synthesis.Tests.Copula;

public class GaussianCopulaMarginalTests
{
    private static readonly Lazy<DataTable> Synthetic = new(() => Model.Generate(10_000, null, seed: 5));

    [Fact]
    public void Generate_EveryColumn_HasTheRealDistribution()
    {
        var distances = Fidelity.ColumnDistances(Real, Synthetic.Value);

        Assert.Equal(7, distances.Count);
        foreach (var d in distances)
            Assert.True(d.Distance <= (d.Kind == "ks" ? 0.04 : 0.02), d.Description);
    }

    [Fact]
    public void Generate_IntegersAndDates_AreWholeAndInsideTheRealRange()
    {
        var synthetic = Synthetic.Value;

        foreach (var name in new[] { "x", "y", "skew", "count", "visit", "lab" })
        {
            var real = Numbers(Real, name).Where(v => !double.IsNaN(v)).ToArray();
            Assert.All(Numbers(synthetic, name).Where(v => !double.IsNaN(v)), v => Assert.InRange(v, real.Min(), real.Max()));
        }
        Assert.All(Numbers(synthetic, "count"), v => Assert.Equal(Math.Floor(v), v));
        Assert.All(Numbers(synthetic, "visit"), v => Assert.Equal(Math.Floor(v), v));
        Assert.Equal(ColumnType.Integer, synthetic["count"].Type);
        Assert.Equal(ColumnType.Date, synthetic["visit"].Type);
    }

    [Fact]
    public void Generate_SkewedColumn_KeepsItsTail()
    {
        var real = Numbers(Real, "skew").Order().ToArray();
        var synthetic = Numbers(Synthetic.Value, "skew").Order().ToArray();

        // The 99th percentile of a lognormal(0, 1) is e^2.33 ≈ 10, ten times the median.
        Assert.Equal(real[(int)(0.99 * real.Length)], synthetic[(int)(0.99 * synthetic.Length)], 1.0);
        Assert.Equal(real[real.Length / 2], synthetic[synthetic.Length / 2], 0.05);
    }

    [Fact]
    public void Generate_RareLevelAndMissingValues_KeepTheirRates()
    {
        var synthetic = Synthetic.Value;
        var group = (CategoricalColumn)synthetic["group"];

        Assert.Equal(["a", "b", "rare"], group.Levels);
        Assert.Equal(0, group.MissingCount);
        var rare = Texts(synthetic, "group").Count(l => l == "rare") / (double)synthetic.RowCount;
        var realRare = Texts(Real, "group").Count(l => l == "rare") / (double)Real.RowCount;
        Assert.Equal(realRare, rare, 0.006);
        var missing = synthetic["lab"].MissingCount / (double)synthetic.RowCount;
        var realMissing = Real["lab"].MissingCount / (double)Real.RowCount;
        Assert.InRange(realMissing, 0.17, 0.23);
        Assert.Equal(realMissing, missing, 0.03);
    }

    [Fact]
    public void Generate_Identifiers_AreFresh()
    {
        var ids = Texts(Synthetic.Value, "patient");

        Assert.Equal("syn-1", ids[0]);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.DoesNotContain(ids, id => id!.StartsWith('P'));
    }

    [Fact]
    public void Generate_TwoCorrelatedNumbers_KeepTheirCorrelation()
    {
        var real = Pearson(Numbers(Real, "x"), Numbers(Real, "y"));
        var synthetic = Pearson(Numbers(Synthetic.Value, "x"), Numbers(Synthetic.Value, "y"));

        Assert.InRange(real, 0.77, 0.83);
        Assert.Equal(real, synthetic, 0.05);
    }

    [Fact]
    public void Generate_CategoryThatRisesWithANumber_KeepsTheNumbersMeanPerLevel()
    {
        var realX = Numbers(Real, "x");
        var realGroup = Texts(Real, "group");
        var x = Numbers(Synthetic.Value, "x");
        var group = Texts(Synthetic.Value, "group");

        foreach (var (level, tolerance) in new[] { ("a", 1.0), ("b", 1.0), ("rare", 3.0) })
        {
            var real = MeanWhere(realX, r => realGroup[r] == level);
            Assert.Equal(real, MeanWhere(x, r => group[r] == level), tolerance);
        }
        Assert.True(MeanWhere(x, r => group[r] == "rare") > MeanWhere(x, _ => true) + 10);
    }

    [Fact]
    public void Fit_LevelsAndMissingFlags_RecoverTheLatentCorrelationThatMadeThem()
    {
        // Given: the test table draws "group" by cutting 0.7·zx + noise and "lab is missing" by cutting −0.5·zx + noise
        var model = Model;
        var x = model.LatentOffset(0);
        var group = model.LatentOffset(5);
        var labMissing = model.LatentOffset(6) + 1;

        // When
        var jitterOnly = GaussianCopula.Fit(Real, RealSchema, new CopulaOptions { CorrelationSweeps = 0 });

        // Then
        Assert.Equal(0.7, model.LatentCorrelationOf(x, group), 0.05);
        Assert.Equal(-0.5, model.LatentCorrelationOf(x, labMissing), 0.05);
        Assert.True(jitterOnly.LatentCorrelationOf(x, group) < 0.65, "jitter alone should dilute it");
    }

    [Fact]
    public void Generate_MissingThatDependsOnANumber_KeepsTheDependence()
    {
        static double MissingRate(DataTable table, Func<double, bool> where)
        {
            var x = Numbers(table, "x");
            var lab = Numbers(table, "lab");
            var rows = Enumerable.Range(0, x.Length).Where(r => where(x[r])).ToArray();
            return rows.Count(r => double.IsNaN(lab[r])) / (double)rows.Length;
        }

        var realBelow = MissingRate(Real, v => v < 50);
        var realAbove = MissingRate(Real, v => v >= 50);

        Assert.True(realBelow > realAbove + 0.1);
        Assert.Equal(realBelow, MissingRate(Synthetic.Value, v => v < 50), 0.03);
        Assert.Equal(realAbove, MissingRate(Synthetic.Value, v => v >= 50), 0.03);
    }

    [Fact]
    public void Generate_ConstantAndAlwaysMissingColumns_StayThatWay()
    {
        // Given
        var rows = 200;
        var random = new Random(3);
        var table = new DataTable(
        [
            new NumericColumn("constant", ColumnType.Integer, Enumerable.Repeat(7.0, rows).ToArray()),
            new NumericColumn("never", ColumnType.Numeric, Enumerable.Repeat(double.NaN, rows).ToArray()),
            new CategoricalColumn("unknown", ColumnType.Categorical, ["x"], Enumerable.Repeat(-1, rows).ToArray()),
            new NumericColumn("value", ColumnType.Numeric, Enumerable.Range(0, rows).Select(_ => Math.Round(Normal(random), 2)).ToArray()),
        ]);
        var schema = TableSchema.Learn(table);

        // When
        var synthetic = GaussianCopula.Fit(table, schema).Generate(500, null, seed: 1);

        // Then
        Assert.All(Numbers(synthetic, "constant"), v => Assert.Equal(7, v));
        Assert.Equal(500, synthetic["never"].MissingCount);
        Assert.Equal(500, synthetic["unknown"].MissingCount);
        Assert.Equal(0, synthetic["value"].MissingCount);
    }
}
