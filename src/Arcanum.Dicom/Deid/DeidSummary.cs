namespace Arcanum.Dicom.Deid;

/// <summary>What a folder run did, as written to summary.json: counts and relative paths, never a data value.</summary>
/// <param name="FilesDone">Files read and de-identified.</param>
/// <param name="FilesWritten">Files written to the output (flagged files are left out unless allowed).</param>
/// <param name="FlaggedBurnedIn">Relative paths of images that declare burned-in annotation.</param>
/// <param name="BurnedInWritten">Whether the flagged files were written anyway (--allow-burned-in).</param>
/// <param name="FilesWithoutPatientId">Files whose dates were shifted per study, having no Patient ID to key
/// on.</param>
/// <param name="Dates">shift or remove.</param>
/// <param name="Actions">Attributes touched, per action.</param>
public sealed record DeidSummary(
    int FilesDone,
    int FilesWritten,
    IReadOnlyList<string> FlaggedBurnedIn,
    bool BurnedInWritten,
    int FilesWithoutPatientId,
    string Dates,
    IReadOnlyDictionary<string, long> Actions)
{
    public string Profile => "DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile";
}
