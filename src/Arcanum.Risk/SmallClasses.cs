namespace Arcanum.Risk;

/// <summary>Records in classes smaller than <see cref="K"/>: those a release that promises k-anonymity at K would have
/// to change.</summary>
public sealed record SmallClasses(int K, int Classes, int Records, double Share);
