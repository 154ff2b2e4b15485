namespace Arcanum.Data.Tests;

public sealed class SplitsByGroupTests
{
    private static (string[] Groups, int[] Labels) Patients(int count, int slices)
    {
        var groups = new List<string>();
        var labels = new List<int>();
        for (var p = 0; p < count; p++)
        {
            for (var s = 0; s < slices; s++)
            {
                groups.Add($"p{p}");
                labels.Add(p % 3 == 0 && s == 1 ? 1 : 0); // every third patient has one tumour slice
            }
        }
        return ([.. groups], [.. labels]);
    }

    [Fact]
    public void ByGroup_NeverSplitsAPatientAndCoversEveryRowOnce()
    {
        var (groups, labels) = Patients(20, 4);

        var (train, holdout) = Splits.ByGroup(groups, labels, 0.25, seed: 3);

        Assert.Empty(train.Select(i => groups[i]).Intersect(holdout.Select(i => groups[i])));
        Assert.Equal(Enumerable.Range(0, groups.Length), train.Concat(holdout).Order());
        Assert.Equal(train.Order(), train);
    }

    [Fact]
    public void ByGroup_StratifiesPatientsWithAndWithoutTumour()
    {
        // Given 7 patients with tumour and 13 without
        var (groups, labels) = Patients(20, 4);

        // When
        var (_, holdout) = Splits.ByGroup(groups, labels, 0.25, seed: 11);

        // Then round(7/4) = 2 tumour patients and round(13/4) = 3 others are held out
        var held = holdout.Select(i => groups[i]).Distinct().ToArray();
        var withTumour = held.Count(g => Enumerable.Range(0, groups.Length).Any(i => groups[i] == g && labels[i] == 1));
        Assert.Equal((2, 3), (withTumour, held.Length - withTumour));
    }

    [Fact]
    public void ByGroup_SameSeedSameSplit_OtherSeedOtherSplit()
    {
        var (groups, labels) = Patients(20, 2);

        var first = Splits.ByGroup(groups, labels, 0.3, seed: 5);
        var again = Splits.ByGroup(groups, labels, 0.3, seed: 5);
        var other = Splits.ByGroup(groups, labels, 0.3, seed: 6);

        Assert.Equal(first.Holdout, again.Holdout);
        Assert.NotEqual(first.Holdout, other.Holdout);
    }

    [Fact]
    public void ByGroup_TwoPatientsOfDifferentStrata_PutsOneOnEachSide()
    {
        var (train, holdout) = Splits.ByGroup(["a", "a", "b"], [1, 0, 0], 0.2, seed: 1);

        Assert.NotEmpty(train);
        Assert.NotEmpty(holdout);
    }
}
