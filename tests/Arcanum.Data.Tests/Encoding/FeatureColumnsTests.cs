using Arcanum.Data.Encoding;
using Arcanum.Data.Tests.Support;

namespace Arcanum.Data.Tests.Encoding;

public sealed class FeatureColumnsTests
{
    [Fact]
    public void Default_Table_SkipsTargetIdentifiersAndExcluded()
    {
        // Given
        var table = Some.Mixed(30);

        // When
        var columns = FeatureColumns.Default(table, "outcome", ["visit"]);

        // Then
        Assert.Equal(["age", "bili", "sex", "stage"], columns);
    }

    [Fact]
    public void Default_ExcludedNameMisspelt_Throws()
    {
        // Given
        var table = Some.Mixed(30);

        // When / Then
        Assert.Throws<KeyNotFoundException>(() => FeatureColumns.Default(table, "outcome", ["vist"]));
    }
}
