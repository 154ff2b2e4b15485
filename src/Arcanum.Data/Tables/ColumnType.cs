namespace Arcanum.Data.Tables;

/// <summary>What a column holds, as inferred from a file or forced by an override.</summary>
public enum ColumnType
{
    /// <summary>Real numbers (stored as doubles; NaN is missing).</summary>
    Numeric,

    /// <summary>Whole numbers (stored as doubles; NaN is missing).</summary>
    Integer,

    /// <summary>Text values without order (levels and codes).</summary>
    Categorical,

    /// <summary>Exactly two distinct values such as 0/1, pos/neg or M/F (levels and codes).</summary>
    Binary,

    /// <summary>ISO dates, stored as days since 1970-01-01 (fractional when a time is given).</summary>
    Date,

    /// <summary>Row identifiers (patient numbers and the like): never a feature.</summary>
    Identifier,
}
