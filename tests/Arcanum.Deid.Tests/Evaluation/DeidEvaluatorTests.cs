using Arcanum.Deid.Evaluation;

namespace Arcanum.Deid.Tests.Evaluation;

/// <summary>Hand-made gold and predictions whose recall and precision are known under each rule.</summary>
public sealed class DeidEvaluatorTests
{
    private static SpanRecord S(string file, int start, int end, PhiType type) => new(file, start, end, type);

    // a.txt gold: NAME [0,10), DATE [20,30), PHONE [40,52)
    // predictions: NAME [0,10) exact; ID [22,30) overlaps the date with the wrong type and edges;
    //              nothing on the phone; a false positive NAME [60,65).
    private static readonly SpanRecord[] Gold =
        [S("a.txt", 0, 10, PhiType.Name), S("a.txt", 20, 30, PhiType.Date), S("a.txt", 40, 52, PhiType.Phone)];

    private static readonly SpanRecord[] Predicted =
        [S("a.txt", 0, 10, PhiType.Name), S("a.txt", 22, 30, PhiType.Id), S("a.txt", 60, 65, PhiType.Name)];

    [Fact]
    public void Evaluate_LenientVersusExact_KnownRecallAndPrecision()
    {
        // When
        var result = DeidEvaluator.Evaluate(Gold, Predicted);

        // Then: lenient finds the name and the (mistyped, trimmed) date; exact only the name.
        Assert.Equal(new Score(2, 3, 2, 3), result.Lenient.Overall);
        Assert.Equal(2.0 / 3, result.Lenient.Overall.Recall!.Value, 9);
        Assert.Equal(new Score(1, 3, 1, 3), result.Exact.Overall);
        Assert.Equal(new Score(1, 3, 1, 3), result.ExactTyped.Overall);
        Assert.Equal(1.0 / 3, result.Exact.Overall.F1!.Value, 9);
    }

    [Fact]
    public void Evaluate_PerCategory_RecallByGoldTypePrecisionByPredictedType()
    {
        var result = DeidEvaluator.Evaluate(Gold, Predicted);

        Assert.Equal(new Score(1, 1, 1, 2), result.Lenient.ByCategory[PhiCategory.Names]);
        Assert.Equal(0.5, result.Lenient.ByCategory[PhiCategory.Names].Precision);
        Assert.Equal(new Score(1, 1, 0, 0), result.Lenient.ByCategory[PhiCategory.Dates]);
        Assert.Null(result.Lenient.ByCategory[PhiCategory.Dates].Precision);
        Assert.Equal(new Score(0, 1, 0, 0), result.Lenient.ByCategory[PhiCategory.Contacts]);
        Assert.Equal(0.0, result.Lenient.ByCategory[PhiCategory.Contacts].Recall);
        Assert.Equal(new Score(0, 0, 1, 1), result.Lenient.ByCategory[PhiCategory.Numbers]);
        Assert.Equal(new Score(0, 1, 0, 0), result.Exact.ByType[PhiType.Date]);
    }

    [Fact]
    public void Evaluate_ExactEdgesWrongType_ExactCountsItTypedDoesNot()
    {
        var gold = new[] { S("a.txt", 5, 9, PhiType.Mrn) };
        var predicted = new[] { S("a.txt", 5, 9, PhiType.Id) };

        var result = DeidEvaluator.Evaluate(gold, predicted);

        Assert.Equal(1.0, result.Exact.Overall.Recall);
        Assert.Equal(0.0, result.ExactTyped.Overall.Recall);
        Assert.Equal(0.0, result.ExactTyped.ByType[PhiType.Id].Precision);
    }

    [Fact]
    public void Evaluate_PartialCover_CharacterRecallShowsTheLeak()
    {
        // "Dr. John Smith": gold NAME covers "John Smith" [4,14); the prediction only "John" [4,8).
        var gold = new[] { S("a.txt", 4, 14, PhiType.Name) };
        var predicted = new[] { S("a.txt", 4, 8, PhiType.Name), S("a.txt", 6, 9, PhiType.Name) };

        var result = DeidEvaluator.Evaluate(gold, predicted);

        Assert.Equal(1.0, result.Lenient.Overall.Recall);
        Assert.Equal(new CharacterCoverage(5, 10), result.Characters.Overall);
        Assert.Equal(0.5, result.Characters.ByCategory[PhiCategory.Names].Recall);
    }

    [Fact]
    public void Evaluate_GoldDocumentMissingFromPredicted_AllItsSpansMissedAndListed()
    {
        var gold = new[]
        {
            S("a.txt", 0, 4, PhiType.Name), S("b.txt", 0, 4, PhiType.Name), S("b.txt", 9, 12, PhiType.Age),
        };
        var predicted = new[] { S("a.txt", 0, 4, PhiType.Name), S("c.txt", 0, 4, PhiType.Name) };

        var result = DeidEvaluator.Evaluate(gold, predicted);

        Assert.Equal(new Score(1, 3, 1, 2), result.Lenient.Overall);
        Assert.Equal(0.0, result.Lenient.ByCategory[PhiCategory.Ages].Recall);
        Assert.Equal(["b.txt"], result.UnpredictedDocuments);
        Assert.Equal(["c.txt"], result.UnknownDocuments);
        Assert.Equal(2, result.GoldDocuments);
    }

    [Fact]
    public void Evaluate_SameOffsetsInAnotherFile_DoNotMatch()
    {
        var result = DeidEvaluator.Evaluate([S("a.txt", 0, 4, PhiType.Name)], [S("b.txt", 0, 4, PhiType.Name)]);

        Assert.Equal(new Score(0, 1, 0, 1), result.Lenient.Overall);
    }
}
