using Arcanum.Data.Tables;

namespace Arcanum.Data.Tests.Tables;

public sealed class LevelOrderTests
{
    [Fact]
    public void Sort_AllNumbers_SortsNumerically()
    {
        // Given / When
        var sorted = LevelOrder.Sort(["10", "9", "1", "9"]);

        // Then
        Assert.Equal(["1", "9", "10"], sorted);
    }

    [Fact]
    public void Sort_Text_SortsOrdinally()
    {
        // Given / When
        var sorted = LevelOrder.Sort(["b", "B", "a", "10", "9"]);

        // Then
        Assert.Equal(["10", "9", "B", "a", "b"], sorted);
    }
}
