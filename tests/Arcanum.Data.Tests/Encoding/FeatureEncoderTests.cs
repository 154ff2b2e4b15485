using Arcanum.Data.Encoding;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Encoding;

public sealed class FeatureEncoderTests
{
    [Fact]
    public void Encode_Numeric_StandardisesWithTrainingMeanAndStd()
    {
        // Given: mean 2, population std 1 (decimals, so the two values do not read as binary)
        var train = Some.Table("x\n1.0\n3.0\n");
        var encoder = FeatureEncoder.Fit(train, ["x"]);

        // When
        var encoded = encoder.Encode(Some.Table("x\n2\n5\n"));

        // Then
        Assert.Equal(["x"], encoder.FeatureNames);
        Assert.Equal([0f, 3f], encoded);
    }

    [Fact]
    public void Encode_ConstantColumn_UsesStdOne()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("x\n4\n4\n4\n"), ["x"]);

        // When
        var encoded = encoder.Encode(Some.Table("x\n6\n"));

        // Then
        Assert.Equal([2f], encoded);
    }

    [Fact]
    public void Encode_TrainingHadMissing_ImputesMeanAndAddsIndicator()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("x\n1.0\nNA\n3.0\n"), ["x"]);

        // When
        var encoded = encoder.Encode(Some.Table("x\nNA\n3\n"));

        // Then
        Assert.Equal(["x", "x_missing"], encoder.FeatureNames);
        Assert.Equal([0f, 1f, 1f, 0f], encoded);
    }

    [Fact]
    public void Encode_Binary_OneFeatureForSecondLevel()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("sex\nM\nF\nM\nM\n"), ["sex"]);

        // When
        var encoded = encoder.Encode(Some.Table("sex\nF\nM\n"));

        // Then
        Assert.Equal(["sex=M"], encoder.FeatureNames);
        Assert.Equal([0f, 1f], encoded);
    }

    [Fact]
    public void Encode_Categorical_OneHotOverSortedTrainingLevels()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("g\nc\na\nb\na\n"), ["g"]);

        // When
        var encoded = encoder.Encode(Some.Table("g\nb\na\n"));

        // Then
        Assert.Equal(["g=a", "g=b", "g=c"], encoder.FeatureNames);
        Assert.Equal([0f, 1f, 0f, 1f, 0f, 0f], encoded);
    }

    [Fact]
    public void Encode_UnseenLevel_GivesAllZeros()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("g\nc\na\nb\n"), ["g"]);

        // When
        var encoded = encoder.Encode(Some.Table("g\nzebra\n"));

        // Then
        Assert.Equal([0f, 0f, 0f], encoded);
    }

    [Fact]
    public void Encode_SiteReadsIntegerWhereTrainingHadBinary_StillMatchesLevels()
    {
        // Given: training saw 0/1 (binary); a site with only 0, 1 and 1.0 reads the column differently
        var encoder = FeatureEncoder.Fit(Some.Table("sex\n0\n1\n0\n"), ["sex"]);

        // When
        var encoded = encoder.Encode(Some.Table("sex\n1.0\n0\n1\n2\n"));

        // Then
        Assert.Equal([1f, 0f, 1f, 0f], encoded);
    }

    [Fact]
    public void Encode_TableLacksFeature_NamesIt()
    {
        // Given
        var encoder = FeatureEncoder.Fit(Some.Table("a,b\n1,2\n3,4\n"), ["a", "b"]);

        // When
        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(Some.Table("a\n1\n")));

        // Then
        Assert.Contains("'b'", error.Message);
    }

    [Fact]
    public void ToJson_RoundTrip_EncodesIdentically()
    {
        // Given
        var table = Some.Mixed(200, seed: 5);
        var encoder = FeatureEncoder.Fit(table, ["age", "bili", "sex", "stage", "visit"]);

        // When
        var json = encoder.ToJson();
        var restored = FeatureEncoder.FromJson(json);

        // Then
        Assert.Equal(encoder.FeatureNames, restored.FeatureNames);
        Assert.Equal(encoder.Encode(table), restored.Encode(table));
        Assert.Equal(json, restored.ToJson());
        Assert.Contains("\"encoding\": \"oneHot\"", json);
        Assert.Contains("bili_missing", string.Join(",", encoder.FeatureNames));
    }

    [Fact]
    public void FromJson_NotAnEncoder_ThrowsFormatException()
    {
        // When / Then
        Assert.Throws<FormatException>(() => FeatureEncoder.FromJson("{\"format\":\"other\",\"columns\":[]}"));
        Assert.Throws<FormatException>(() => FeatureEncoder.FromJson("not json"));
    }

    [Fact]
    public void ToDataset_LabelsForRows_ShapesFeatures()
    {
        // Given
        var table = Some.Mixed(50);
        var encoder = FeatureEncoder.Fit(table, ["age", "sex"]);

        // When
        var dataset = encoder.ToDataset(table, new int[50], 2);

        // Then
        Assert.Equal(50, dataset.Count);
        Assert.Equal([2], dataset.SampleShape);
    }

    [Fact]
    public void ToDataset_WrongLabelCount_Throws()
    {
        // Given
        var table = Some.Mixed(10);
        var encoder = FeatureEncoder.Fit(table, ["age"]);

        // When / Then
        Assert.Throws<ArgumentException>(() => encoder.ToDataset(table, new int[9], 2));
    }
}
