namespace Arcanum.Data.Encoding;

/// <summary>How one source column becomes features.</summary>
public enum EncodingKind
{
    /// <summary>(x − mean) / std; missing becomes 0 (the mean).</summary>
    Standardise,

    /// <summary>1 for the column's second level, 0 for the first; missing becomes the training share of the second.</summary>
    Binary,

    /// <summary>One 0/1 feature per training level; missing and unseen levels give all zeros.</summary>
    OneHot,
}
