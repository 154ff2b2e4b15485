namespace Arcanum.Data.Tests;

public sealed class SplitsTests
{
    private static int[] Labels() => Enumerable.Range(0, 100).Select(i => i < 70 ? 0 : i < 95 ? 1 : 2).ToArray();

    [Fact]
    public void Stratified_Fraction_KeepsClassProportions()
    {
        // Given
        var labels = Labels();

        // When
        var (train, holdout) = Splits.Stratified(labels, 0.2, seed: 1);

        // Then
        Assert.Equal(14, holdout.Count(i => labels[i] == 0));
        Assert.Equal(5, holdout.Count(i => labels[i] == 1));
        Assert.Equal(1, holdout.Count(i => labels[i] == 2));
        Assert.Equal(100, train.Length + holdout.Length);
        Assert.Empty(train.Intersect(holdout));
    }

    [Fact]
    public void Stratified_SameSeed_SameSplitSorted()
    {
        // Given
        var labels = Labels();

        // When
        var a = Splits.Stratified(labels, 0.3, seed: 9);
        var b = Splits.Stratified(labels, 0.3, seed: 9);
        var c = Splits.Stratified(labels, 0.3, seed: 10);

        // Then
        Assert.Equal(a.Train, b.Train);
        Assert.Equal(a.Holdout, b.Holdout);
        Assert.NotEqual(a.Holdout, c.Holdout);
        Assert.Equal(a.Train.Order(), a.Train);
        Assert.Equal(a.Holdout.Order(), a.Holdout);
    }

    [Fact]
    public void Stratified_SmallClasses_OneOnEachSide()
    {
        // Given: class 1 has 2 rows, class 2 has 1
        int[] labels = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2];

        // When
        var (train, holdout) = Splits.Stratified(labels, 0.01, seed: 3);

        // Then
        Assert.Single(holdout, i => labels[i] == 1);
        Assert.Single(train, i => labels[i] == 1);
        Assert.Single(holdout, i => labels[i] == 0);
        Assert.Contains(10, train);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Stratified_BadFraction_Throws(double fraction)
    {
        // When / Then
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified([0, 1], fraction, 1));
    }
}
