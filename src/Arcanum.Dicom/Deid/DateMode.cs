namespace Arcanum.Dicom.Deid;

/// <summary>What happens to dates and times.</summary>
public enum DateMode
{
    /// <summary>
    /// Every date moves back by one whole number of days per patient, derived from the key, so intervals survive
    /// (PS3.15's Retain Longitudinal Temporal Information with Modified Dates option). Times of day are kept.
    /// The birth date is still emptied: shifted, it would still give the age.
    /// </summary>
    Shift,

    /// <summary>Dates and times get the profile's action (emptied or removed); those it does not name are
    /// removed.</summary>
    Remove,
}
