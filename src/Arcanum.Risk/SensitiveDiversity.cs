namespace Arcanum.Risk;

/// <summary>
/// How much an attacker who finds a record's class learns about a sensitive column. Distinct l: the fewest different
/// values in any class. Entropy l: exp of the smallest entropy of a class's values (a class of l equally frequent
/// values has l). t-closeness: the largest Earth Mover's Distance between a class's value distribution and the whole
/// table's (Li, Li &amp; Venkatasubramanian, ICDE 2007), with equal ground distance for categories and ordered distance
/// for numbers. Homogeneous classes (one value only) disclose the value to anyone who finds the class.
/// </summary>
public sealed record SensitiveDiversity(
    string Column,
    string Distance,
    int DistinctL,
    double EntropyL,
    double TCloseness,
    int HomogeneousClasses,
    int RecordsInHomogeneousClasses);
