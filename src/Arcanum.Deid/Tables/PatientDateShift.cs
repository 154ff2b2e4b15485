using Arcanum.Dicom.Deid;

namespace Arcanum.Deid.Tables;

/// <summary>
/// One date offset per patient, from HMAC-SHA256 of the key and the patient's identifier: every date of a patient
/// moves together, so intervals within a patient survive. It is <c>arcanum deid dicom</c>'s own shift
/// (<see cref="DateShifter"/>, 366 to 3652 days back) on the identifier normalised as pseudonyms are (trimmed, NFKC,
/// upper case), so a patient whose table identifier equals the DICOM Patient ID up to case has the same shift in
/// notes, tables and images, and the same pseudonym.
/// </summary>
public static class PatientDateShift
{
    public const int MinDaysBack = DateShifter.MinDaysBack;

    public const int MaxDaysBack = DateShifter.MaxDaysBack;

    /// <summary>The (negative) number of days to add to every date of this patient.</summary>
    public static int OffsetDays(byte[] key, string patient)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DateShifter.OffsetDays(key, patient);
    }
}
