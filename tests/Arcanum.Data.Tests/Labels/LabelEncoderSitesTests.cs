using Arcanum.Data.Tables;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Labels;

public sealed class LabelEncoderSitesTests
{
    [Theory]
    [InlineData("a,b,c,a,b,c,a,c,NA,b,a,c", null)]
    [InlineData("1,2,10,2,1,10,10,2,,1,2,1", null)]
    [InlineData("1,2,10,2,1.0,10,10,2,,1,2,1", null)]
    [InlineData("1,2,10,2,1.0,10,10,2,,1,2,1", "1")]
    [InlineData("pos,neg,neg,pos,NA,neg,pos,neg,neg,neg,pos,neg", "pos")]
    public void EncodeWith_ClassesFromAllSites_LabelsAsEncodeOnThePooledTable(string column, string? positive)
    {
        // Given: three sites, the first of which sees a single class
        var values = column.Split(',');
        var whole = Some.Table("y,x\n" + string.Join("\n", values.Select((v, i) => $"{v},{i}")));
        int[][] sites = [[0, 3], [1, 2, 4, 5, 6], [7, 8, 9, 10, 11]];
        var parts = sites.Select(rows => whole.Select(rows)).ToArray();

        // When
        var classes = LabelEncoder.ClassNamesFrom(parts.SelectMany(p => LabelEncoder.DistinctValues(p, "y")), "y", positive);
        var encoded = parts.Select(p => LabelEncoder.EncodeWith(p, "y", classes, positive)).ToArray();

        // Then
        var pooled = LabelEncoder.Encode(whole, "y", positive);
        var pooledLabel = pooled.Rows.Zip(pooled.Labels).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(pooled.ClassNames, classes);
        for (var s = 0; s < sites.Length; s++)
        {
            Assert.Equal(classes, encoded[s].ClassNames);
            Assert.Equal(encoded[s].Rows.Select(r => pooledLabel[sites[s][r]]), encoded[s].Labels);
            Assert.Equal(sites[s].Count(pooledLabel.ContainsKey), encoded[s].Labels.Length);
        }
        Assert.Equal(pooled.DroppedMissing, encoded.Sum(e => e.DroppedMissing));
    }

    [Fact]
    public void EncodeWith_SiteWithOneClass_IsAllowed()
    {
        // Given
        var table = Some.Table("y\nb\nb\nNA\n");

        // When
        var target = LabelEncoder.EncodeWith(table, "y", ["a", "b", "c"], null);

        // Then
        Assert.Equal([1, 1], target.Labels);
        Assert.Equal([0, 1], target.Rows);
        Assert.Equal(1, target.DroppedMissing);
        Assert.Equal(3, target.ClassCount);
    }

    [Fact]
    public void EncodeWith_SiteWithoutPositives_LabelsAllZero()
    {
        // Given
        var table = Some.Table("y\n0\n2\n");

        // When
        var target = LabelEncoder.EncodeWith(table, "y", ["not 1", "1"], " 1 ");

        // Then
        Assert.Equal([0, 0], target.Labels);
    }

    [Fact]
    public void EncodeWith_ValueNotAmongTheClasses_ThrowsNamingIt()
    {
        // Given
        var table = Some.Table("y\na\nd\n");

        // When
        var error = Assert.Throws<ArgumentException>(() => LabelEncoder.EncodeWith(table, "y", ["a", "b"], null));

        // Then
        Assert.Contains("\"d\"", error.Message);
    }

    [Theory]
    [InlineData("1", "no 1,1")]
    [InlineData("1", "1,not 1")]
    [InlineData("1", "not 2,2")]
    [InlineData(null, "a")]
    [InlineData(null, "a,b,a")]
    public void EncodeWith_ClassNamesThatDoNotFit_Throws(string? positive, string classes)
    {
        // Given
        var table = Some.Table("y\n1\n2\n");

        // When / Then
        Assert.Throws<ArgumentException>(() => LabelEncoder.EncodeWith(table, "y", classes.Split(','), positive));
    }

    [Fact]
    public void DistinctValues_SortsNumericallyAndLeavesOutMissing()
    {
        // Given
        var table = Some.Table("y\n10\n2\nNA\n1\n2\n");

        // When
        var values = LabelEncoder.DistinctValues(table, "y");

        // Then
        Assert.Equal(["1", "2", "10"], values);
    }

    [Fact]
    public void ClassNamesFrom_ValuesOfSeveralSites_SortsTheirUnion()
    {
        // When
        var classes = LabelEncoder.ClassNamesFrom(["2", "10", "1", "2"], "y", null);

        // Then
        Assert.Equal(["1", "2", "10"], classes);
    }

    [Theory]
    [InlineData("a", null, "at least two classes")]
    [InlineData("", null, "no values")]
    [InlineData("0,2", "1", "\"1\" does not occur")]
    [InlineData("1,1.0", "1", "at least two classes")]
    public void ClassNamesFrom_WhatEncodeRefuses_Throws(string values, string? positive, string problem)
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => LabelEncoder.ClassNamesFrom(values.Split(',', StringSplitOptions.RemoveEmptyEntries), "y", positive));

        // Then
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void ClassNamesFrom_TooManyValues_Throws()
    {
        // Given
        var values = Enumerable.Range(0, LabelEncoder.MaxClasses + 1).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // When
        var error = Assert.Throws<ArgumentException>(() => LabelEncoder.ClassNamesFrom(values, "y", null));

        // Then
        Assert.Contains("looks continuous", error.Message);
    }

    [Fact]
    public void ClassNamesFrom_PositiveWrittenAnotherWay_MatchesAsANumber()
    {
        // When
        var classes = LabelEncoder.ClassNamesFrom(LevelOrder.Sort(["1.0", "0"]), "y", "1");

        // Then
        Assert.Equal(["not 1", "1"], classes);
    }
}
