using System.Text.Json.Nodes;
using Arcanum.Data.Tables;
using Arcanum.Synthesis;
using Arcanum.Synthesis.Conditions;
using Arcanum.Synthesis.Schema;
using Arcanum.Synthesis.Transform;

namespace Arcanum.Synthesis.Tests.Core;

internal static class Tables
{
    public static DataTable Small(int rows = 200, int seed = 1)
    {
        var random = new Random(seed);
        return new DataTable(
        [
            new IdentifierColumn("mrn", Enumerable.Range(0, rows).Select(i => (string?)$"M{i}").ToArray()),
            new NumericColumn("age", ColumnType.Integer, Enumerable.Range(0, rows).Select(_ => (double)random.Next(20, 90)).ToArray()),
            new NumericColumn("bmi", ColumnType.Numeric, Enumerable.Range(0, rows).Select(i => i % 10 == 0 ? double.NaN : Math.Round(18 + random.NextDouble() * 20, 1)).ToArray()),
            new NumericColumn("seen", ColumnType.Date, Enumerable.Range(0, rows).Select(_ => 19000.0 + random.Next(100)).ToArray()),
            new CategoricalColumn("diagnosis", ColumnType.Categorical, ["benign", "malignant", "rare"], Enumerable.Range(0, rows).Select(i => i % 50 == 0 ? 2 : i % 3 == 0 ? 1 : 0).ToArray()),
        ]);
    }
}

public sealed class TableSchemaTests
{
    [Fact]
    public void Learns_ranges_precision_levels_and_missing_rates_and_leaves_identifiers_out()
    {
        var schema = TableSchema.Learn(Tables.Small());
        Assert.Equal(["age", "bmi", "seen", "diagnosis"], schema.Learned.Select(c => c.Name));
        Assert.True(schema.Find("mrn")!.IsIdentifier);
        var bmi = schema.Find("bmi")!;
        Assert.Equal(1, bmi.Decimals);
        Assert.Equal(0.1, bmi.MissingRate, 9);
        Assert.Equal(0, schema.Find("age")!.Decimals);
        Assert.Equal(0, schema.Find("seen")!.Decimals);
        Assert.Equal(["benign", "malignant", "rare"], schema.Find("diagnosis")!.Levels);
        Assert.Equal(1.0, schema.Find("diagnosis")!.LevelShares.Sum(), 9);
    }

    [Fact]
    public void Build_clamps_rounds_and_issues_fresh_ids_in_the_real_column_order()
    {
        var schema = TableSchema.Learn(Tables.Small());
        var table = schema.Build([[10, 200.4], [17.04, double.NaN], [19000.7, 18000], [1, 7]], firstId: 5);
        Assert.Equal(["mrn", "age", "bmi", "seen", "diagnosis"], table.Columns.Select(c => c.Name));
        Assert.Equal(["syn-5", "syn-6"], [table["mrn"].RawValue(0)!, table["mrn"].RawValue(1)!]);
        var age = (NumericColumn)table["age"];
        Assert.Equal(schema.Find("age")!.Min, age[0]);
        Assert.Equal(schema.Find("age")!.Max, age[1]);
        Assert.Equal(schema.Find("bmi")!.Min, ((NumericColumn)table["bmi"])[0]);
        Assert.True(table["bmi"].IsMissing(1));
        Assert.Equal(19001, ((NumericColumn)table["seen"])[0]);
        Assert.Equal("malignant", table["diagnosis"].RawValue(0));
        Assert.True(table["diagnosis"].IsMissing(1)); // a code outside the real levels never becomes a new level
    }

    [Fact]
    public void Json_round_trip_keeps_everything_and_damage_is_a_clear_error()
    {
        var schema = TableSchema.Learn(Tables.Small());
        var back = TableSchema.FromJson(JsonNode.Parse(schema.ToJson().ToJsonString()));
        Assert.Equal(schema.ToJson().ToJsonString(), back.ToJson().ToJsonString());
        var e = Assert.Throws<SynthesisException>(() => TableSchema.FromJson(JsonNode.Parse("{\"columns\": [{\"name\": 3}]}")));
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Too_few_rows_or_an_unknown_identifier_are_refused()
    {
        Assert.Contains("at least 10", Assert.Throws<SynthesisException>(() => TableSchema.Learn(Tables.Small(5))).Message);
        Assert.Contains("'nope'", Assert.Throws<SynthesisException>(() => TableSchema.Learn(Tables.Small(), ["nope"])).Message);
    }
}

public sealed class RowConditionsTests
{
    private static readonly TableSchema Schema = TableSchema.Learn(Tables.Small());

    [Fact]
    public void Parses_clauses_into_per_column_constraints()
    {
        var c = RowConditions.Parse("diagnosis = malignant and age >= 70 and age < 80 and \"bmi\" != 25.5", Schema);
        Assert.Equal(4, c.Clauses.Count);
        var age = c.Constraints.Single(x => x.Column.Name == "age");
        Assert.Equal((70, true, 80, false), (age.Lower, age.LowerInclusive, age.Upper, age.UpperInclusive));
        Assert.Equal(1, c.Constraints.Single(x => x.Column.Name == "diagnosis").SingleLevel);
        Assert.Contains(25.5, c.Constraints.Single(x => x.Column.Name == "bmi").Excluded);
        Assert.True(RowConditions.Parse("seen >= 2022-01-15", Schema).Constraints[0].Lower > 19000);
    }

    [Fact]
    public void Matches_rows_that_meet_every_clause_and_never_missing_values()
    {
        var table = Tables.Small();
        var meets = RowConditions.Parse("diagnosis != benign and bmi > 30", Schema).Matches(table);
        for (var r = 0; r < table.RowCount; r++)
        {
            var bmi = ((NumericColumn)table["bmi"])[r];
            var expected = table["diagnosis"].RawValue(r) != "benign" && !double.IsNaN(bmi) && bmi > 30;
            Assert.Equal(expected, meets[r]);
        }
    }

    [Theory]
    [InlineData("diagnosis = Malignant", "Did you mean 'malignant'")]
    [InlineData("colour = red", "does not have")]
    [InlineData("Age >= 70", "Did you mean 'age'?")]
    [InlineData("diagnsis = rare", "Did you mean 'diagnosis'?")]
    [InlineData("diagnosis = malignent", "Did you mean 'malignant'?")]
    [InlineData("mrn = M1", "identifier")]
    [InlineData("age >= 200", "ranges from 20")]
    [InlineData("age > 70 and age < 60", "leave no value")]
    [InlineData("diagnosis > benign", "use = or !=")]
    [InlineData("age >= old", "not one")]
    [InlineData("age >=", "incomplete")]
    [InlineData("age >= 70 or age < 30", "expected 'and'")]
    [InlineData("diagnosis = 'rare", "never closed")]
    [InlineData("bmi = 20.25", "decimal place")]
    [InlineData("", "empty")]
    public void Bad_or_impossible_conditions_fail_before_sampling_with_the_reason(string text, string expected)
    {
        var e = Assert.Throws<SynthesisException>(() => RowConditions.Parse(text, Schema));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_UnknownColumnFarFromAnyName_SuggestsNothing()
    {
        var e = Assert.Throws<SynthesisException>(() => RowConditions.Parse("colour = red", Schema));

        Assert.DoesNotContain("Did you mean", e.Message);
        Assert.Contains("Columns: age, bmi, seen, diagnosis.", e.Message);
    }
}

public sealed class ConditionalSamplerTests
{
    /// <summary>Draws from the real table at random: no native conditioning at all.</summary>
    private sealed class Resampler(DataTable real) : ISynthesizer
    {
        public string Kind => "resampler";
        public TableSchema Schema { get; } = TableSchema.Learn(real);
        public TrainingSummary Training { get; } = new();
        public IReadOnlyList<ColumnConstraint> NativelyServed(RowConditions conditions) => [];
        public DataTable Generate(int count, RowConditions? conditions, int seed)
        {
            var random = new Random(seed);
            return real.Select(Enumerable.Range(0, count).Select(_ => random.Next(real.RowCount)).ToArray());
        }
        public void SaveFiles(string directory) { }
        public JsonObject ParametersJson() => [];
    }

    [Fact]
    public void Returns_exactly_the_rows_asked_for_all_meeting_the_condition()
    {
        var model = new Resampler(Tables.Small());
        var conditions = RowConditions.Parse("diagnosis = malignant and age >= 50", model.Schema);
        var result = ConditionalSampler.Sample(model, 300, conditions, 1);
        Assert.Equal(300, result.Rows.RowCount);
        Assert.All(conditions.Matches(result.Rows), Assert.True);
        Assert.InRange(result.AcceptanceRate, 0.1, 0.4);   // about 1/3 malignant × 4/7 aged 50+
        Assert.Empty(result.NativeColumns);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"syn-{i}"), Enumerable.Range(0, 300).Select(r => result.Rows["mrn"].RawValue(r)));
    }

    [Fact]
    public void A_too_rare_condition_stops_at_the_draw_limit_and_says_how_far_it_got()
    {
        var model = new Resampler(Tables.Small());
        var conditions = RowConditions.Parse("diagnosis = rare and age >= 89", model.Schema);
        var e = Assert.Throws<ConditionTooRareException>(() => ConditionalSampler.Sample(model, 500, conditions, 1, maxGenerated: 5000));
        Assert.Equal(5000, e.Generated);
        Assert.True(e.Accepted < 500);
        Assert.Contains("after drawing 5,000", e.Message);
    }
}

public sealed class ConditionVectorTests
{
    [Fact]
    public void Every_categorical_column_has_its_own_offset_and_training_draws_favour_rare_levels()
    {
        var random = new Random(3);
        var table = new DataTable(
        [
            new CategoricalColumn("a", ColumnType.Binary, ["x", "y"], Enumerable.Range(0, 1000).Select(i => i % 2).ToArray()),
            new NumericColumn("n", ColumnType.Numeric, Enumerable.Range(0, 1000).Select(_ => random.NextDouble()).ToArray()),
            new CategoricalColumn("b", ColumnType.Categorical, ["p", "q", "r"], Enumerable.Range(0, 1000).Select(i => i < 10 ? 2 : i % 2).ToArray()),
        ]);
        var schema = TableSchema.Learn(table);
        var transformer = ModeSpecificTransformer.Fit(schema.Extract(table), schema);
        var data = transformer.Transform(schema.Extract(table), 1);
        var vectors = ConditionVectors.FromData(transformer, data, table.RowCount);
        Assert.Equal([0, 2], vectors.Offsets);
        Assert.Equal(5, vectors.Width);
        Assert.Equal(1, vectors.IndexOfLearned(2));
        Assert.All(vectors.RowsWith(1, 2), r => Assert.True(r < 10));

        var rare = Enumerable.Range(0, 20000).Select(_ => vectors.DrawForTraining(random)).Count(p => p == (1, 2)) / 20000.0;
        // log-frequency: (ln 11) / (ln 11 + 2 ln 496) ≈ 0.16 of column b's draws, half of all draws are column b.
        Assert.InRange(rare, 0.06, 0.10);
        var original = Enumerable.Range(0, 20000).Select(_ => vectors.DrawOriginal(random)).Count(p => p == (1, 2)) / 20000.0;
        Assert.InRange(original, 0.002, 0.009);   // real frequency: 1% of half the draws
    }

    [Fact]
    public void The_transform_inverts_up_to_the_real_precision()
    {
        var table = Tables.Small(300);
        var schema = TableSchema.Learn(table);
        var learned = schema.Extract(table);
        var transformer = ModeSpecificTransformer.Fit(learned, schema);
        var back = transformer.Inverse(transformer.Transform(learned, 2), table.RowCount);
        var rebuilt = schema.Build(back);
        for (var r = 0; r < table.RowCount; r++)
        {
            foreach (var name in new[] { "age", "bmi", "seen", "diagnosis" })
                Assert.Equal(table[name].RawValue(r), rebuilt[name].RawValue(r));
        }
        var json = ModeSpecificTransformer.FromJson(JsonNode.Parse(transformer.ToJson().ToJsonString()), schema);
        Assert.Equal(transformer.Width, json.Width);
    }
}
