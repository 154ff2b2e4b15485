using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Labels;

public sealed class LabelEncoderTests
{
    [Fact]
    public void Encode_PositiveValue_IsClassOneAndRestZero()
    {
        // Given
        var table = Some.Table("status\n0\n2\n1\n2\n");

        // When
        var target = LabelEncoder.Encode(table, "status", "2");

        // Then
        Assert.Equal([0, 1, 0, 1], target.Labels);
        Assert.Equal(["not 2", "2"], target.ClassNames);
        Assert.Equal(2, target.ClassCount);
        Assert.Equal([0, 1, 2, 3], target.Rows);
    }

    [Fact]
    public void Encode_PositiveAsNumber_MatchesOtherSpelling()
    {
        // Given
        var table = Some.Table("y\n1.0\n0\n2.5\n");

        // When
        var target = LabelEncoder.Encode(table, "y", "1");

        // Then
        Assert.Equal([1, 0, 0], target.Labels);
    }

    [Fact]
    public void Encode_NoPositive_OneClassPerValueSortedNumerically()
    {
        // Given
        var table = Some.Table("grade\n10\n2\n1\n2\n");

        // When
        var target = LabelEncoder.Encode(table, "grade");

        // Then
        Assert.Equal(["1", "2", "10"], target.ClassNames);
        Assert.Equal([2, 1, 0, 1], target.Labels);
    }

    [Fact]
    public void Encode_NoPositiveText_SortsOrdinally()
    {
        // Given
        var table = Some.Table("d\npos\nneg\nmaybe\n");

        // When
        var target = LabelEncoder.Encode(table, "d");

        // Then
        Assert.Equal(["maybe", "neg", "pos"], target.ClassNames);
        Assert.Equal([2, 1, 0], target.Labels);
    }

    [Fact]
    public void Encode_MissingTargets_DropsThemAndCounts()
    {
        // Given
        var table = Some.Table("x,y\n1,a\n2,NA\n3,b\n4,\n");

        // When
        var target = LabelEncoder.Encode(table, "y", "b");

        // Then
        Assert.Equal([0, 2], target.Rows);
        Assert.Equal([0, 1], target.Labels);
        Assert.Equal(2, target.DroppedMissing);
    }

    [Fact]
    public void Encode_PositiveNotPresent_ListsValuesSeen()
    {
        // Given
        var table = Some.Table("status\n0\n1\n2\n");

        // When
        var error = Assert.Throws<ArgumentException>(() => LabelEncoder.Encode(table, "status", "3"));

        // Then
        Assert.Contains("\"3\"", error.Message);
        Assert.Contains("0, 1, 2", error.Message);
    }

    [Fact]
    public void Encode_SingleClass_Throws()
    {
        // Given
        var table = Some.Table("y,x\na,1\na,2\n");

        // When
        var error = Assert.Throws<ArgumentException>(() => LabelEncoder.Encode(table, "y"));

        // Then
        Assert.Contains("at least two classes", error.Message);
    }

    [Fact]
    public void Encode_EveryRowPositive_Throws()
    {
        // Given
        var table = Some.Table("y,x\n1,1\n1,2\nNA,3\n");

        // When / Then
        Assert.Throws<ArgumentException>(() => LabelEncoder.Encode(table, "y", "1"));
    }

    [Fact]
    public void Encode_UnknownTarget_ListsColumns()
    {
        // Given
        var table = Some.Table("a,b\n1,2\n");

        // When
        var error = Assert.Throws<KeyNotFoundException>(() => LabelEncoder.Encode(table, "status"));

        // Then
        Assert.Contains("a, b", error.Message);
    }
}
