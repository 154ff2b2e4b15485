namespace Arcanum.Risk;

/// <summary>How the records of a release match an external table on the linking columns: counts only.</summary>
/// <param name="Records">Records in the release.</param>
/// <param name="Unique">Records matching exactly one external record: re-identified if the external table names
/// people.</param>
/// <param name="None">Records matching no external record.</param>
/// <param name="Several">Records matching two or more external records.</param>
public sealed record LinkageCounts(int Records, int Unique, int None, int Several)
{
    public double UniqueShare => Records == 0 ? 0 : Unique / (double)Records;
}
