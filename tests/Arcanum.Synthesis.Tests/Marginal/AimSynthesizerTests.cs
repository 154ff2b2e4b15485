using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Marginal;
using Arcanum.Synthesis.Schema;

namespace Arcanum.Synthesis.Tests.Marginal;

public class AimSynthesizerTests
{
    /// <summary>
    /// "a" and "b" fair coins, "c" = a XOR b (flipped 5% of the time): every pair of the three is independent, so only a
    /// 3-way marginal shows the dependency. "d" follows "a"; "e" a number with public bounds.
    /// </summary>
    private static DataTable Xor(int rows, int seed)
    {
        var random = new Random(seed);
        var (a, b, c, d) = (new int[rows], new int[rows], new int[rows], new int[rows]);
        var e = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            a[r] = random.Next(2);
            b[r] = random.Next(2);
            c[r] = (a[r] ^ b[r]) ^ (random.NextDouble() < 0.05 ? 1 : 0);
            d[r] = random.NextDouble() < 0.8 ? a[r] : 2;
            e[r] = Math.Round(50 + 10 * MstTestData.Normal(random));
        }
        string[] bits = ["0", "1"];
        return new DataTable(
        [
            new CategoricalColumn("a", ColumnType.Categorical, bits, a),
            new CategoricalColumn("b", ColumnType.Categorical, bits, b),
            new CategoricalColumn("c", ColumnType.Categorical, bits, c),
            new CategoricalColumn("d", ColumnType.Categorical, ["x", "y", "z"], d),
            new NumericColumn("e", ColumnType.Integer, e),
        ]);
    }

    private static readonly PublicDomain XorDomain = new(new Dictionary<string, ColumnDomain> { ["e"] = new() { Min = 0, Max = 100, Bins = 10 } });

    [Fact]
    public void Fit_PrivateRangesAndRounds_SpendExactlyTheBudget()
    {
        // Given: the clinic, whose numbers and dates have no public bounds (so ranges spend too).
        var table = MstTestData.Clinic(1500, seed: 2);

        // When
        var model = AimSynthesizer.Fit(table, TableSchema.Learn(table), new AimOptions { Epsilon = 1, NoiseSeed = 4, Iterations = 200 });

        // Then: ranges, one-way marginals, then a choice and a measurement per round, summing to rho.
        var ledger = model.Ledger;
        Assert.Equal(Zcdp.Rho(1, 1e-9), ledger.Rho, 12);
        Assert.Equal(ledger.Rho, ledger.Spent, ledger.Rho * 1e-9);
        Assert.Contains(ledger.Spends, s => s.Step.StartsWith("range of", StringComparison.Ordinal));
        Assert.True(model.Rounds >= 2, $"{model.Rounds} rounds");
        Assert.Equal(2 * model.Rounds, ledger.Spends.Count(s => s.Step.StartsWith("round ", StringComparison.Ordinal)));
        Assert.All(ledger.Spends, s => Assert.True(s.Rho > 0));
    }

    [Fact]
    public void Fit_ThreeWayDependency_AimKeepsItAndMstCannot()
    {
        // Given
        var table = Xor(3000, seed: 5);
        var schema = TableSchema.Learn(table);

        // When
        var aim = AimSynthesizer.Fit(table, schema, new AimOptions { Epsilon = 10, NoiseSeed = 1, Domain = XorDomain });
        var mst = MstSynthesizer.Fit(table, schema, new MstOptions { Epsilon = 10, NoiseSeed = 1, Domain = XorDomain });

        // Then: AIM measured (a, b, c), and its rows keep c = a XOR b; MST's tree cannot hold a 3-way marginal.
        Assert.Contains(aim.Marginals, m => m.Order().SequenceEqual(["a", "b", "c"]));
        var aimTvd = XorTvd(table, aim.Generate(3000, null, seed: 2));
        var mstTvd = XorTvd(table, mst.Generate(3000, null, seed: 2));
        Assert.True(aimTvd < 0.08, $"AIM's (a, b, c) TVD is {aimTvd:0.000}");
        Assert.True(mstTvd > 0.3, $"MST's (a, b, c) TVD is {mstTvd:0.000}");
    }

    [Fact]
    public void Fit_SameNoiseSeed_SameModelAndRows()
    {
        var table = Xor(800, seed: 3);
        var schema = TableSchema.Learn(table);
        var options = new AimOptions { Epsilon = 2, NoiseSeed = 9, Domain = XorDomain, Iterations = 200 };

        var first = AimSynthesizer.Fit(table, schema, options);
        var second = AimSynthesizer.Fit(table, schema, options);

        Assert.Equal(first.ParametersJson().ToJsonString(), second.ParametersJson().ToJsonString());
        Assert.Equal(Cells(first.Generate(200, null, seed: 4)), Cells(second.Generate(200, null, seed: 4)));
    }

    [Fact]
    public void Load_SavedModel_SameRowsAndConditionsServedNatively()
    {
        var table = MstTestData.Clinic(1200, seed: 6);
        var model = AimSynthesizer.Fit(table, TableSchema.Learn(table), new AimOptions { Epsilon = 3, NoiseSeed = 2, Domain = MstTestData.Domain, Iterations = 300 });
        var folder = Path.Combine(Path.GetTempPath(), $"arcanum-aim-{Guid.NewGuid():N}");
        try
        {
            SynthesizerFiles.Save(model, folder);

            var header = SynthesizerFiles.ReadHeader(folder);
            var loaded = AimSynthesizer.Load(header);

            Assert.Equal("aim", header.Kind);
            Assert.Equal(Cells(model.Generate(300, null, seed: 8)), Cells(loaded.Generate(300, null, seed: 8)));
            var conditions = RowConditions.Parse("group = rare and x >= 55", loaded.Schema);
            Assert.Equal(2, loaded.NativelyServed(conditions).Count);
            var result = ConditionalSampler.Sample(loaded, 100, conditions, seed: 3);
            Assert.Equal(100, result.Rows.RowCount);
            Assert.True(result.AcceptanceRate > 0.9, $"acceptance {result.AcceptanceRate:0.00}: the conditioned model should draw almost only matching rows");
            Assert.Equal(model.Ledger.Spent, header.Parameters["privacy"]!["rho_spent"]!.GetValue<double>(), 15);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Fit_TinyModelCap_StaysWithinIt()
    {
        var table = Xor(1000, seed: 8);

        var model = AimSynthesizer.Fit(table, TableSchema.Learn(table), new AimOptions { Epsilon = 5, NoiseSeed = 3, Domain = XorDomain, MaxModelSize = 0.01 });

        // 0.01 MB is 1310 cells: AIM stops growing the model there.
        Assert.InRange(model.ModelCells, 1, 1310);
    }

    /// <summary>Total variation between the (a, b, c) distributions of two tables.</summary>
    private static double XorTvd(DataTable real, DataTable synthetic)
    {
        double[] Shares(DataTable t)
        {
            var counts = new double[8];
            for (var r = 0; r < t.RowCount; r++)
                counts[4 * ((CategoricalColumn)t["a"]).Code(r) + 2 * ((CategoricalColumn)t["b"]).Code(r) + ((CategoricalColumn)t["c"]).Code(r)]++;
            return [.. counts.Select(c => c / t.RowCount)];
        }
        return 0.5 * Shares(real).Zip(Shares(synthetic)).Sum(p => Math.Abs(p.First - p.Second));
    }

    private static string[] Cells(DataTable table) =>
        [.. Enumerable.Range(0, table.RowCount).Select(r => string.Join("|", table.Columns.Select(c => c.RawValue(r))))];
}
