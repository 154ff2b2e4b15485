using Arcanum.Data.Tables;
using Arcanum.Synthesis.Evaluation;

namespace Arcanum.Synthesis.Tests.Evaluation;

public sealed class SyntheticDataEvaluationTests
{
    private static readonly EvaluationOptions Options = new() { Target = "outcome", Trees = 60 };

    [Fact]
    public void Evaluate_FreshSampleFromTheSameProcess_UtilityMatchesRealAndEveryVerdictIsGood()
    {
        // Given: "synthetic" rows are new draws from the process that made the real rows.
        var train = Cohorts.Draw(1200, seed: 1);
        var holdout = Cohorts.Draw(1200, seed: 2, pidOffset: 5000);
        var synthetic = Cohorts.Draw(1200, seed: 3);

        // When
        var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options);

        // Then
        Assert.Equal(["logistic_regression", "random_forest"], result.Utility.Classifiers.Select(c => c.Name));
        Assert.All(result.Utility.Classifiers, c =>
        {
            Assert.InRange(c.Trtr.Auroc, 0.75, 0.95);
            Assert.InRange(c.AurocRatio, 0.95, 1.05);
        });
        Assert.InRange(result.MembershipInference.Auroc, 0.42, 0.58);
        Assert.Equal(0, result.Privacy.ExactCopies);
        Assert.True(result.Fidelity.Score.Overall > 0.9);
        Assert.All(result.Verdicts, v => Assert.Equal(VerdictLevel.Good, v.Level));
        Assert.Equal(["age", "lactate", "ward", "outcome"], result.Inputs.Columns);
        Assert.Equal(["pid"], result.Inputs.IgnoredColumns);
        Assert.Equal("yes", result.Utility.PositiveClass);
    }

    [Fact]
    public void Evaluate_SyntheticTargetShuffled_TstrFallsToChanceAndUtilityIsAWorry()
    {
        var train = Cohorts.Draw(1200, seed: 1);
        var holdout = Cohorts.Draw(1200, seed: 2);
        var synthetic = Cohorts.Shuffle(Cohorts.Draw(1200, seed: 3), "outcome", seed: 9);

        var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options);

        Assert.All(result.Utility.Classifiers, c =>
        {
            Assert.True(c.Trtr.Auroc > 0.75);
            Assert.InRange(c.Tstr!.Auroc, 0.38, 0.62);
        });
        var utility = Assert.Single(result.Verdicts, v => v.Check == "utility");
        Assert.Equal(VerdictLevel.Worry, utility.Level);
    }

    [Fact]
    public void Evaluate_EveryColumnShuffledOnItsOwn_FidelityIsAWorryNamingTheBrokenPair()
    {
        // Given: synthetic rows with the real marginals but no dependence (lactate drives the outcome).
        var train = Cohorts.Draw(1000, seed: 1);
        var synthetic = Cohorts.ShuffleEveryColumn(Cohorts.Draw(1000, seed: 3), seed: 5);

        // When
        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(1000, seed: 2), synthetic, Options);

        // Then
        Assert.All(result.Fidelity.Columns, c => Assert.True(c.Distance < 0.1));
        var fidelity = result.Verdicts.Single(v => v.Check == "fidelity");
        Assert.Equal(VerdictLevel.Worry, fidelity.Level);
        Assert.Contains("lactate × outcome", fidelity.Summary);
        Assert.InRange(result.MembershipInference.Auroc, 0.4, 0.6);
    }

    [Fact]
    public void Evaluate_SyntheticCopiesTrain_MembershipAttackSucceedsAndPrivacyIsAWorry()
    {
        var train = Cohorts.Draw(800, seed: 1);
        var holdout = Cohorts.Draw(800, seed: 2);

        var result = SyntheticDataEvaluation.Evaluate(train, holdout, train, Options);

        Assert.True(result.MembershipInference.Auroc > 0.8, $"attack AUROC {result.MembershipInference.Auroc}");
        Assert.True(result.MembershipInference.Advantage > 0.5);
        Assert.Equal(800, result.Privacy.ExactCopies);
        Assert.Equal(VerdictLevel.Worry, result.Verdicts.Single(v => v.Check == "membership_inference").Level);
        Assert.Equal(VerdictLevel.Worry, result.Verdicts.Single(v => v.Check == "privacy_distances").Level);
        Assert.False(result.AllGood);
    }

    [Fact]
    public void Evaluate_SyntheticLacksAClassAndHasMissingTargets_SaysSoInsteadOfFailing()
    {
        var train = Cohorts.Draw(400, seed: 1);
        var holdout = Cohorts.Draw(400, seed: 2);
        var onlyNo = Cohorts.Without(Cohorts.Draw(400, seed: 3), "outcome", "yes");
        var synthetic = WithMissingTarget(onlyNo, rows: 5);

        var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options);

        Assert.Contains(result.Utility.Notes, n => n.Contains("no row of class \"yes\""));
        Assert.Contains(result.Utility.Notes, n => n.Contains("5 synthetic rows have no 'outcome' value"));
        Assert.All(result.Utility.Classifiers, c => Assert.Equal(onlyNo.RowCount - 5, c.Tstr!.TrainingRows));
        Assert.All(result.Utility.Classifiers, c => Assert.Equal(0.5, c.Tstr!.Auroc));
    }

    [Fact]
    public void Evaluate_SyntheticColumnAllMissing_IsMeasuredNotACrash()
    {
        var train = Cohorts.Draw(300, seed: 1);
        var synthetic = new DataTable([.. Cohorts.Draw(300, seed: 3).Columns.Select(c => c.Name == "lactate" ? new NumericColumn("lactate", ColumnType.Numeric, [.. Enumerable.Repeat(double.NaN, 300)]) : c)]);

        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(300, seed: 2), synthetic, Options);

        Assert.Equal(1, result.Fidelity.Columns.Single(c => c.Column == "lactate").Distance);
        Assert.Equal(1, result.Fidelity.Marginals.Single(m => m.Column == "lactate").SyntheticMissingShare);
        Assert.All(result.Utility.Classifiers, c => Assert.True(c.AurocRatio < 0.9));
        Assert.Equal(VerdictLevel.Worry, result.Verdicts.Single(v => v.Check == "fidelity").Level);
    }

    [Fact]
    public void Evaluate_SyntheticTargetValueUnknownToTrain_LeavesThoseRowsOutWithANote()
    {
        var train = Cohorts.Draw(300, seed: 1);
        var drawn = Cohorts.Draw(300, seed: 3);
        var outcome = Enumerable.Range(0, 300).Select(r => r < 10 ? "maybe" : drawn["outcome"].RawValue(r)).ToArray();
        var synthetic = new DataTable([.. drawn.Columns.Select(c => c.Name == "outcome" ? Cohorts.Levels("outcome", ColumnType.Categorical, outcome) : c)]);

        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(300, seed: 2), synthetic, Options);

        Assert.Contains(result.Utility.Notes, n => n.Contains("10 synthetic rows have a 'outcome' value the training table does not have (\"maybe\")"));
        Assert.All(result.Utility.Classifiers, c => Assert.Equal(290, c.Tstr!.TrainingRows));
    }

    [Fact]
    public void Evaluate_MulticlassTarget_UsesMacroAurocOverTheTrainingClasses()
    {
        var train = Cohorts.Draw(600, seed: 1);
        var holdout = Cohorts.Draw(600, seed: 2);
        var synthetic = Cohorts.Draw(600, seed: 3);

        var result = SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options with { Target = "ward" });

        Assert.Equal(["a", "b", "c"], result.Utility.ClassNames);
        Assert.Null(result.Utility.PositiveClass);
        Assert.All(result.Utility.Classifiers, c => Assert.InRange(c.Trtr.Auroc, 0.5, 0.8));
    }

    [Fact]
    public void Evaluate_PositiveValueGiven_RanksByThatClass()
    {
        var train = Cohorts.Draw(400, seed: 1);

        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(400, seed: 2), Cohorts.Draw(400, seed: 3), Options with { Positive = "no" });

        Assert.Equal(["not no", "no"], result.Utility.ClassNames);
        Assert.Equal("no", result.Utility.PositiveClass);
        Assert.All(result.Utility.Classifiers, c => Assert.True(c.Trtr.Auroc > 0.7));
    }

    [Fact]
    public void Evaluate_SameInputsTwice_GivesTheSameMetrics()
    {
        var train = Cohorts.Draw(300, seed: 1);
        var holdout = Cohorts.Draw(200, seed: 2);
        var synthetic = Cohorts.Draw(250, seed: 3);

        var first = MetricsJson.ToJson(SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options));
        var second = MetricsJson.ToJson(SyntheticDataEvaluation.Evaluate(train, holdout, synthetic, Options));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Evaluate_TablesAboveTheDistanceCap_SubsamplesAndSaysSo()
    {
        var train = Cohorts.Draw(300, seed: 1);

        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(120, seed: 2), Cohorts.Draw(300, seed: 3), Options with { MaxDistanceRows = 100 });

        Assert.Equal((100, 100, 100), result.Inputs.DistanceRows);
        Assert.Equal(3, result.Notes.Count(n => n.Contains("used 100 of the")));
        Assert.Equal(300, result.Utility.Classifiers[0].Trtr.TrainingRows);
    }

    [Fact]
    public void Evaluate_SyntheticLacksAColumnAndHasAnExtraOne_ListsBoth()
    {
        var train = Cohorts.Draw(50, seed: 1);
        var synthetic = new DataTable([.. Cohorts.Draw(50, seed: 2).Columns.Where(c => c.Name != "lactate"), new NumericColumn("bmi", ColumnType.Numeric, new double[50])]);

        var error = Assert.Throws<ArgumentException>(() => SyntheticDataEvaluation.Evaluate(train, train, synthetic, Options));

        Assert.Equal("The synthetic table's columns differ from the real table's: it lacks column 'lactate' and has column 'bmi', which the real table does not.", error.Message);
    }

    [Fact]
    public void Evaluate_SyntheticWithoutTheIdentifierColumn_IsAccepted()
    {
        var train = Cohorts.Draw(100, seed: 1);
        var synthetic = new DataTable([.. Cohorts.Draw(100, seed: 2).Columns.Where(c => c.Name != "pid")]);

        var result = SyntheticDataEvaluation.Evaluate(train, Cohorts.Draw(100, seed: 3), synthetic, Options);

        Assert.Equal(100, result.Inputs.SyntheticRows);
    }

    [Theory]
    [InlineData("survival", "Target 'survival' is not a column")]
    [InlineData("pid", "identifier")]
    public void Evaluate_BadTarget_Throws(string target, string message)
    {
        var train = Cohorts.Draw(50, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => SyntheticDataEvaluation.Evaluate(train, train, train, Options with { Target = target }));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Evaluate_TargetWithOneClass_Throws()
    {
        var train = Cohorts.Without(Cohorts.Draw(100, seed: 1), "outcome", "yes");

        var error = Assert.Throws<ArgumentException>(() => SyntheticDataEvaluation.Evaluate(train, train, train, Options));

        Assert.Contains("single value", error.Message);
    }

    [Fact]
    public void Evaluate_EmptySyntheticTable_Throws()
    {
        var train = Cohorts.Draw(50, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => SyntheticDataEvaluation.Evaluate(train, train, train.Select([]), Options));

        Assert.Contains("synthetic table has no rows", error.Message);
    }

    [Fact]
    public void Evaluate_ColumnNumericInRealButCategoricalInSynthetic_ThrowsNamingIt()
    {
        var train = Cohorts.Draw(50, seed: 1);
        var synthetic = new DataTable([.. train.Columns.Select(c => c.Name == "age" ? Cohorts.Levels("age", ColumnType.Categorical, [.. Enumerable.Repeat<string?>("old", 50)]) : c)]);

        var error = Assert.Throws<ArgumentException>(() => SyntheticDataEvaluation.Evaluate(train, train, synthetic, Options));

        Assert.Contains("'age' is Integer in the real table but Categorical in the synthetic table", error.Message);
    }

    private static DataTable WithMissingTarget(DataTable table, int rows)
    {
        var outcome = (CategoricalColumn)table["outcome"];
        var codes = Enumerable.Range(0, table.RowCount).Select(r => r < rows ? -1 : outcome.Code(r)).ToArray();
        return new DataTable([.. table.Columns.Select(c => c.Name == "outcome" ? new CategoricalColumn("outcome", outcome.Type, outcome.Levels, codes) : c)]);
    }
}
