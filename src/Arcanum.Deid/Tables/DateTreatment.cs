namespace Arcanum.Deid.Tables;

/// <summary>How a date column is de-identified.</summary>
public enum DateTreatment
{
    /// <summary>Keep the year only: the HIPAA Safe Harbor choice.</summary>
    Year,

    /// <summary>
    /// Move every date of a patient by one keyed offset, keeping intervals within a patient. Not Safe Harbor (a
    /// shifted full date is still an element of a date); an Expert Determination or limited data set technique.
    /// </summary>
    Shift,
}
