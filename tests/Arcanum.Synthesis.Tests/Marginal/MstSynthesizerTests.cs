using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;
using static Arcanum.Synthesis.Tests.Marginal.MstTestData;

namespace Arcanum.Synthesis.Tests.Marginal;

public class MstSynthesizerTests
{
    [Fact]
    public void Fit_HugeEpsilon_ModelMarginalsAreTheExactOnes()
    {
        // Given: a budget so large that the noise is negligible, and public bounds (no range estimate).
        var table = Clinic(2000, seed: 11);
        var schema = TableSchema.Learn(table);

        // When
        var model = MstSynthesizer.Fit(table, schema, new MstOptions { Epsilon = 1e6, Domain = Domain, NoiseSeed = 1, Iterations = 5000 });

        // Then: every column's cell shares and every measured pair's joint shares are the table's.
        var cells = model.OriginalCells(table);
        for (var i = 0; i < cells.Length; i++)
        {
            var p = model.CellProbabilities(i);
            var counts = Contingency.Count(cells[i], p.Length);
            for (var c = 0; c < p.Length; c++) Assert.Equal(counts[c] / 2000, p[c], 1e-3);
        }
        Assert.Equal(schema.Learned.Count - 1, model.Pairs.Count);
        foreach (var (first, second) in model.Pairs)
        {
            var (a, b) = (schema.LearnedIndex(first), schema.LearnedIndex(second));
            var (ca, cb) = (model.ModelCells(a, cells[a]), model.ModelCells(b, cells[b]));
            var joint = model.PairProbabilities(a, b)!;
            var counts = Contingency.Count(ca, model.ModelCellCount(a), cb, model.ModelCellCount(b));
            for (var c = 0; c < joint.Length; c++) Assert.Equal(counts[c] / 2000, joint[c], 1e-3);
        }
        Assert.Equal(2000, model.Total, 0.5);
    }

    [Fact]
    public void Fit_StrongPair_TheTreeHasItAndTheRowsKeepIt()
    {
        var pairs = Model.Pairs;

        Assert.Contains(pairs, p => (p.First, p.Second) is ("x", "y") or ("y", "x"));
        var rows = Model.Generate(4000, null, seed: 5);
        var x = ((NumericColumn)rows["x"]).Values.ToArray();
        var y = ((NumericColumn)rows["y"]).Values.ToArray();
        Assert.True(Correlation(x, y) > 0.85, $"corr(x, y) = {Correlation(x, y):0.000}; the real table's is about 0.98");
        // group rises with x in the real table: the synthetic rows keep the order of the group means.
        var group = (CategoricalColumn)rows["group"];
        double Mean(string level) => Enumerable.Range(0, rows.RowCount).Where(r => group.Code(r) >= 0 && group.Levels[group.Code(r)] == level).Average(r => x[r]);
        Assert.True(Mean("rare") > Mean("b") && Mean("b") > Mean("a") + 3);
    }

    [Fact]
    public void Generate_KeepsEveryColumnsType()
    {
        var rows = Model.Generate(3000, null, seed: 6);

        Assert.Equal(Real.Columns.Select(c => (c.Name, c.Type)), rows.Columns.Select(c => (c.Name, c.Type)));
        Assert.All(Enumerable.Range(0, rows.RowCount), r => Assert.StartsWith(TableSchema.IdentifierPrefix, rows["patient"].RawValue(r)));
        var y = ((NumericColumn)rows["y"]).Values.Where(v => !double.IsNaN(v)).ToArray();
        Assert.All(y, v => Assert.Equal(Math.Round(v), v));
        var visit = ((NumericColumn)rows["visit"]).Values.Where(v => !double.IsNaN(v)).ToArray();
        Assert.All(visit, v => Assert.Equal(Math.Floor(v), v));
        var x = ((NumericColumn)rows["x"]).Values.Where(v => !double.IsNaN(v)).ToArray();
        Assert.All(x, v => Assert.Equal(Math.Round(v, 1), v));
        Assert.Equal(["a", "b", "rare"], ((CategoricalColumn)rows["group"]).Levels);
        var lab = ((NumericColumn)rows["lab"]).Values;
        Assert.InRange(lab.Count(double.IsNaN) / (double)lab.Count, 0.15, 0.25);
    }

    [Fact]
    public void Schema_ReleasesTheModelsFiguresNotTheTables()
    {
        var released = Model.Schema.Find("x")!;
        var real = RealSchema.Find("x")!;

        Assert.NotEqual(real.Min, released.Min);
        Assert.NotEqual(real.Max, released.Max);
        Assert.NotEqual(RealSchema.Find("group")!.LevelShares, Model.Schema.Find("group")!.LevelShares);
        Assert.InRange(Model.Schema.Find("group")!.LevelShares[2], 0.01, 0.03);
        Assert.InRange(Model.Schema.RowCount, 3900, 4100);
        Assert.Equal(Model.Schema.RowCount, Model.Training.Rows);
    }

    [Fact]
    public void Sample_RareGroupAndRange_ServedNativelyWithoutRejection()
    {
        var conditions = RowConditions.Parse("group = rare and x >= 60", Model.Schema);

        var result = ConditionalSampler.Sample(Model, 200, conditions, seed: 7);

        Assert.Equal(["group", "x"], result.NativeColumns);
        Assert.Equal(200, result.Rows.RowCount);
        Assert.True(result.AcceptanceRate > 0.95, $"acceptance {result.AcceptanceRate:0.000}");
        Assert.All(conditions.Matches(result.Rows), Assert.True);
    }

    [Fact]
    public void Load_SavedModel_SameRowsAndTheBudgetWithItsSplit()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"arcanum-mst-{Guid.NewGuid():N}");
        try
        {
            SynthesizerFiles.Save(Model, folder);

            var header = SynthesizerFiles.ReadHeader(folder);
            var loaded = MstSynthesizer.Load(header);

            Assert.Equal("mst", header.Kind);
            Assert.Equal(Cells(Model.Generate(300, null, seed: 8)), Cells(loaded.Generate(300, null, seed: 8)));
            var conditions = "group = b and lab < 5";
            Assert.Equal(Cells(Model.Generate(100, RowConditions.Parse(conditions, Model.Schema), seed: 9)),
                Cells(loaded.Generate(100, RowConditions.Parse(conditions, loaded.Schema), seed: 9)));
            var privacy = header.Parameters["privacy"]!;
            Assert.Equal(10, privacy["epsilon"]!.GetValue<double>());
            Assert.Equal(1e-9, privacy["delta"]!.GetValue<double>());
            var spends = privacy["spends"]!.AsArray().Select(s => s!["rho"]!.GetValue<double>()).ToArray();
            Assert.InRange(spends.Sum(), 0.9 * Zcdp.Rho(10, 1e-9), Zcdp.Rho(10, 1e-9) * (1 + 1e-12));
            Assert.Contains(privacy["public"]!.AsArray(), f => f!.GetValue<string>().StartsWith("group: levels read from the data", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Fit_EveryColumnPublic_NoRangeSpendAndSigmaFromTheBudget()
    {
        // Given: bounds and levels for every column but sex (whose levels are then read from the data).
        var table = Clinic(500, seed: 12);

        // When
        var model = MstSynthesizer.Fit(table, TableSchema.Learn(table), new MstOptions { Epsilon = 1, Domain = Domain, NoiseSeed = 2 });

        // Then: rho splits in thirds; 6 one-way marginals share one third, so each has sigma sqrt(6 / (2 rho / 3)).
        var rho = Zcdp.Rho(1, 1e-9);
        Assert.Equal(["one-way marginals", "tree of pairs", "pair marginals"], model.Ledger.Spends.Select(s => s.Step));
        Assert.All(model.Ledger.Spends, s => Assert.Equal(rho / 3, s.Rho, 15));
        Assert.Equal(10.009 * Math.Sqrt(6), model.Ledger.Spends[0].Scale, 2);
        Assert.Equal(10.009 * Math.Sqrt(5), model.Ledger.Spends[2].Scale, 2);
        Assert.Equal(Math.Sqrt(8 * rho / 3 / 5), model.Ledger.Spends[1].Scale, 12);
        Assert.Equal(["sex"], model.LevelsReadFromData);
        Assert.Equal(0, model.Schema.Find("x")!.Min);
        Assert.Equal(100, model.Schema.Find("x")!.Max);
    }

    [Fact]
    public void Fit_AnEmptyColumnOrASingleOne_StillDrawsRows()
    {
        // Given: a single learned column beside one that is missing in every row (no levels at all).
        var random = new Random(14);
        var table = new DataTable(
        [
            new CategoricalColumn("stage", ColumnType.Categorical, ["I", "II", "III"], [.. Enumerable.Range(0, 300).Select(_ => random.Next(3))]),
            new CategoricalColumn("note", ColumnType.Categorical, [], [.. Enumerable.Repeat(-1, 300)]),
        ]);

        // When
        var model = MstSynthesizer.Fit(table, TableSchema.Learn(table), new MstOptions { Epsilon = 1, NoiseSeed = 3 });
        var rows = model.Generate(200, null, seed: 1);

        // Then
        Assert.Single(model.Pairs);
        Assert.Equal(200, rows.RowCount);
        Assert.Equal(200, rows["note"].MissingCount);
        Assert.Equal(0, rows["stage"].MissingCount);
        // Alone, the column's marginal gets the whole budget.
        var single = new DataTable([table["stage"]]);
        var alone = MstSynthesizer.Fit(single, TableSchema.Learn(single), new MstOptions { Epsilon = 1, NoiseSeed = 3 });
        Assert.Empty(alone.Pairs);
        Assert.Equal(["one-way marginals"], alone.Ledger.Spends.Select(s => s.Step));
        Assert.Equal(alone.Ledger.Rho, alone.Ledger.Spent, 1e-15);
    }

    [Fact]
    public void Fit_DomainMissingALevelOfTheData_SaysWhich()
    {
        var table = Clinic(200, seed: 13);
        var domain = new PublicDomain(new Dictionary<string, ColumnDomain> { ["group"] = new() { Levels = ["a", "b"] } });

        var error = Assert.Throws<SynthesisException>(() => MstSynthesizer.Fit(table, TableSchema.Learn(table), new MstOptions { Epsilon = 1, Domain = domain }));

        Assert.Contains("'rare'", error.Message);
    }

    [Theory]
    [InlineData("""{"columns": {"nope": {"min": 0, "max": 1}}}""", "does not have")]
    [InlineData("""{"columns": {"x": {"levels": ["a"]}}}""", "give \"min\" and \"max\"")]
    [InlineData("""{"columns": {"x": {"min": 5, "max": 1}}}""", "min below max")]
    [InlineData("""{"columns": {"group": {"min": 0, "max": 1}}}""", "give its levels")]
    [InlineData("""{"rows": 3}""", "no \"columns\"")]
    [InlineData("""{"columns": {"x": {"scale": "log"}}}""", "log scale without bounds")]
    [InlineData("""{"columns": {"x": {"min": 0, "max": 1, "scale": "cubic"}}}""", "neither \"linear\" nor \"log\"")]
    public void Domain_ThatDoesNotFit_SaysWhat(string json, string expected)
    {
        var error = Assert.Throws<SynthesisException>(() => PublicDomain.Parse(json).Validate(RealSchema));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Domain_DatesAsText_AreDaysSince1970()
    {
        var domain = PublicDomain.Parse("""{"columns": {"visit": {"min": "2015-01-01", "max": "2017-12-31"}}}""");

        Assert.Equal(16_436, domain.Find("visit")!.Min);
    }

    private static double Correlation(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var cov = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }

    private static string[] Cells(DataTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => string.Join("|", table.Columns.Select(c => c.RawValue(r))))];
}
