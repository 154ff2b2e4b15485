using Arcanum.Data.Encoding;
using Arcanum.Data.Partitioning;
using Arcanum.Data.Tables;

namespace Arcanum.Data.Tests.Bundled;

public sealed class BundledDatasetsTests
{
    [Theory]
    [InlineData("pbc3", 349, 15)]
    [InlineData("breast-cancer", 569, 31)]
    [InlineData("pima", 768, 9)]
    [InlineData("rotterdam", 2982, 15)]
    [InlineData("gbsg", 686, 11)]
    public void Load_EachDataset_HasDocumentedShapeAndEncodes(string name, int rows, int columns)
    {
        // Given
        Assert.True(BundledDatasets.TryGet(name, out var dataset));

        // When
        var table = dataset.Load();
        var target = LabelEncoder.Encode(table, dataset.Target, dataset.Positive);
        var kept = table.Select(target.Rows);
        var encoder = FeatureEncoder.Fit(kept, dataset.FeatureColumns(kept));
        var data = encoder.ToDataset(kept, target.Labels, target.ClassCount);

        // Then
        Assert.Equal(rows, table.RowCount);
        Assert.Equal(columns, table.Columns.Count);
        Assert.Equal(2, target.ClassCount);
        Assert.Equal(rows, data.Count);
        Assert.All(data.Features, f => Assert.True(float.IsFinite(f)));
        foreach (var excluded in dataset.Exclude) Assert.DoesNotContain(excluded, encoder.SourceColumns);
        if (dataset.SiteColumn is { } site) Assert.DoesNotContain(site, encoder.SourceColumns);
    }

    [Fact]
    public void Load_Pbc3_TypesAndHospitalSizes()
    {
        // Given
        var table = BundledDatasets.Get("pbc3").Load();

        // When
        var sites = Partitioners.ByColumn(table, "unit");

        // Then
        Assert.Equal(ColumnType.Identifier, table["ptno"].Type);
        Assert.Equal(ColumnType.Integer, table["unit"].Type);
        Assert.Equal(ColumnType.Binary, table["sex"].Type);
        Assert.Equal(ColumnType.Integer, table["stage"].Type);
        Assert.Equal(ColumnType.Numeric, table["bili"].Type);
        Assert.Equal(58, table["stage"].MissingCount);
        Assert.Equal(6, sites.Count);
        Assert.Equal([23, 23, 28, 46, 79, 150], sites.Select(s => s.Rows.Length).Order());
    }

    [Fact]
    public void Load_BreastCancer_ClassCounts()
    {
        // Given
        Assert.True(BundledDatasets.TryGet("wisconsin", out var dataset));

        // When
        var target = LabelEncoder.Encode(dataset.Load(), dataset.Target, dataset.Positive);

        // Then
        Assert.Equal("breast-cancer", dataset.Name);
        Assert.Equal([357, 212], target.ClassCounts());
        Assert.Equal(["not malignant", "malignant"], target.ClassNames);
    }

    [Fact]
    public void Load_Pima_ZerosAreMissingAndClassesCounted()
    {
        // Given
        var dataset = BundledDatasets.Get("pima");

        // When
        var table = dataset.Load();
        var target = LabelEncoder.Encode(table, dataset.Target, dataset.Positive);

        // Then
        Assert.Equal([500, 268], target.ClassCounts());
        Assert.Equal(5, table["glucose"].MissingCount);
        Assert.Equal(374, table["insulin"].MissingCount);
        Assert.Equal(0, table["pregnant"].MissingCount);
        Assert.Equal(ColumnType.Binary, table["diabetes"].Type);
    }

    [Fact]
    public void Load_Rotterdam_SizeIsCategorical()
    {
        // When
        var table = BundledDatasets.Get("rotterdam").Load();

        // Then
        Assert.Equal(ColumnType.Categorical, table["size"].Type);
        Assert.Equal(ColumnType.Identifier, table["pid"].Type);
        Assert.Equal(ColumnType.Binary, table["death"].Type);
    }

    [Fact]
    public void Get_UnknownName_ListsNames()
    {
        // When
        var error = Assert.Throws<ArgumentException>(() => BundledDatasets.Get("mnist"));

        // Then
        Assert.Contains("pbc3, breast-cancer, pima, rotterdam, gbsg", error.Message);
        Assert.False(BundledDatasets.TryGet("mnist", out _));
    }
}
