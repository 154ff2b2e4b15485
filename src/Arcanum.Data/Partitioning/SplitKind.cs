namespace Arcanum.Data.Partitioning;

public enum SplitKind
{
    /// <summary>Equal random shares.</summary>
    Iid,

    /// <summary>Label skew, Dirichlet(alpha) per class.</summary>
    Dirichlet,

    /// <summary>Size skew, Dirichlet(beta) over sites.</summary>
    Quantity,

    /// <summary>One site per value of a column.</summary>
    Column,
}
