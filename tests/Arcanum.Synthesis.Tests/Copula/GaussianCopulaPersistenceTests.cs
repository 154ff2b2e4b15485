using System.Text.Json.Nodes;
using Arcanum.Data.Tables;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Copula;
using Arcanum.Synthesis.Schema;
using static Arcanum.Synthesis.Tests.Copula.CopulaTestData;

namespace Arcanum.Synthesis.Tests.Copula;

public class GaussianCopulaPersistenceTests
{
    [Fact]
    public void Load_SavedModel_GivesBitIdenticalRowsForTheSameSeed()
    {
        // Given
        var folder = Path.Combine(Path.GetTempPath(), $"arcanum-copula-{Guid.NewGuid():N}");
        var conditions = RowConditions.Parse("group = rare and lab >= 5", RealSchema);
        try
        {
            SynthesizerFiles.Save(Model, folder);

            // When
            var header = SynthesizerFiles.ReadHeader(folder);
            var loaded = GaussianCopula.Load(header);

            // Then
            Assert.Equal("copula", header.Kind);
            Assert.Equal(Cells(Model.Generate(500, null, seed: 21)), Cells(loaded.Generate(500, null, seed: 21)));
            Assert.Equal(Cells(Model.Generate(300, conditions, seed: 22)), Cells(loaded.Generate(300, RowConditions.Parse("group = rare and lab >= 5", loaded.Schema), seed: 22)));
            Assert.Equal(Model.Training.Rows, loaded.Training.Rows);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Generate_SameSeed_SameTable_OtherSeed_OtherTable()
    {
        var first = Cells(Model.Generate(200, null, seed: 1));
        var again = Cells(Model.Generate(200, null, seed: 1));
        var other = Cells(Model.Generate(200, null, seed: 2));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Fit_SameTableTwice_GivesTheSameParameters()
    {
        var again = GaussianCopula.Fit(Real, RealSchema);

        Assert.Equal(Model.ParametersJson().ToJsonString(), again.ParametersJson().ToJsonString());
    }

    [Fact]
    public void Fit_TableWithoutALearnedColumn_Throws()
    {
        var without = new DataTable(Real.Columns.Where(c => c.Name != "lab").ToArray());

        var error = Assert.Throws<SynthesisException>(() => GaussianCopula.Fit(without, RealSchema));

        Assert.Contains("lab", error.Message);
    }

    [Fact]
    public void Fit_BadOptions_ThrowsWithTheSetting()
    {
        var error = Assert.Throws<SynthesisException>(() => GaussianCopula.Fit(Real, RealSchema, new CopulaOptions { Quantiles = 5 }));

        Assert.Contains("quantile grid", error.Message);
    }

    [Fact]
    public void Fit_ReportsProgressAndTrainingSummary()
    {
        var progress = new Recorder<TrainingProgress>();

        var model = GaussianCopula.Fit(Real, RealSchema, progress: progress);

        Assert.Equal(1, progress.Reports[^1].Epoch);
        Assert.Equal(1, progress.Reports[^1].Epochs);
        Assert.Equal(Rows, model.Training.Rows);
        Assert.Equal(1, model.Training.Epochs);
        Assert.True(model.Training.Seconds > 0);
        Assert.Equal(0, model.Shrinkage);
        Assert.Equal(8, model.LatentDimensions); // 7 learned columns, one with missing values
    }

    [Fact]
    public void Fit_DuplicatedColumn_ShrinksTheCorrelationAndSaysSo()
    {
        // Given: an untied column and its copy, so the latent correlation is singular
        var random = new Random(4);
        var u = Enumerable.Range(0, Rows).Select(_ => Normal(random)).ToArray();
        var table = new DataTable([.. Real.Columns, new NumericColumn("u", ColumnType.Numeric, u), new NumericColumn("u_copy", ColumnType.Numeric, u.ToArray())]);
        var schema = TableSchema.Learn(table);

        // When
        var model = GaussianCopula.Fit(table, schema);
        var rows = model.Generate(2000, null, seed: 3);

        // Then
        Assert.True(model.Shrinkage > 0);
        Assert.True(model.Training.FinalLosses["correlation_shrinkage"] > 0);
        Assert.True(Pearson(Numbers(rows, "u"), Numbers(rows, "u_copy")) > 0.95);
    }

    [Fact]
    public void Load_OtherKindOrDamagedParameters_Throws()
    {
        var parameters = Model.ParametersJson();
        var ctgan = new SynthesizerHeader("ctgan", RealSchema, Model.Training, parameters);
        parameters.Remove("correlation");
        var damaged = new SynthesizerHeader("copula", RealSchema, Model.Training, parameters);

        Assert.Contains("not a Gaussian copula", Assert.Throws<SynthesisException>(() => GaussianCopula.Load(ctgan)).Message);
        Assert.Equal("The copula's parameters are damaged: $.correlation is missing",
            Assert.Throws<SynthesisException>(() => GaussianCopula.Load(damaged)).Message);
    }

    [Fact]
    public void ParametersJson_KeepsTheGridNotTheRows()
    {
        var columns = Model.ParametersJson()["columns"]!.AsArray();

        var x = columns.Single(c => c!["name"]!.GetValue<string>() == "x")!;
        Assert.Equal(1001, x["quantiles"]!.AsArray().Count);
        Assert.NotNull(columns.Single(c => c!["name"]!.GetValue<string>() == "lab")!["missing"]);
        Assert.Equal("categorical", columns.Single(c => c!["name"]!.GetValue<string>() == "group")!["kind"]!.GetValue<string>());
        Assert.IsType<JsonObject>(Model.ParametersJson());
    }

    [Theory]
    [InlineData("quantiles", "$.columns[0].quantiles is missing")]
    [InlineData("name", "$.columns[0].name is missing")]
    public void Load_ColumnLosesAMember_TheMessageNamesItsPath(string member, string expected)
    {
        // Given saved parameters whose first column lost a member (as a hand edit might leave them)
        var parameters = Model.ParametersJson();
        parameters["columns"]![0]!.AsObject().Remove(member);

        // When
        var e = Assert.Throws<SynthesisException>(() => GaussianCopula.Load(new SynthesizerHeader("copula", RealSchema, Model.Training, parameters)));

        // Then the user learns which member, not "Object reference not set to an instance of an object"
        Assert.Equal("The copula's parameters are damaged: " + expected, e.Message);
    }

    [Fact]
    public void Load_ValueOfTheWrongKind_TheMessageSaysWhatItIs()
    {
        var parameters = Model.ParametersJson();
        parameters["seed"] = "seven";

        var e = Assert.Throws<SynthesisException>(() => GaussianCopula.Load(new SynthesizerHeader("copula", RealSchema, Model.Training, parameters)));

        Assert.Equal("The copula's parameters are damaged: $.seed is a string, not a whole number", e.Message);
    }
}
