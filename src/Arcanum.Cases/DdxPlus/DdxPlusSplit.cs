namespace Arcanum.Cases.DdxPlus;

/// <summary>
/// Which patients of a file estimate the knowledge base and which are kept for benchmarks: with
/// <c>every</c> = 5, the 5th, 10th, 15th ... patient (1-based, in file order) is held out; 0 holds out none.
/// A rule on position, not a random draw, so anyone can rebuild the same split from the same file.
/// </summary>
public static class DdxPlusSplit
{
    public const int DefaultEvery = 5;

    public static bool IsHeldOut(int position, int every) => every > 0 && position % every == every - 1;

    public static (List<DdxPlusPatient> Estimate, List<DdxPlusPatient> HeldOut) Split(IReadOnlyList<DdxPlusPatient> patients, int every)
    {
        var estimate = new List<DdxPlusPatient>();
        var heldOut = new List<DdxPlusPatient>();
        for (var i = 0; i < patients.Count; i++) (IsHeldOut(i, every) ? heldOut : estimate).Add(patients[i]);
        return (estimate, heldOut);
    }
}
