namespace Arcanum.Dicom.Deid;

/// <summary>What a folder run did, as written to summary.json: counts and output names, never a data value or an input
/// path (which may carry a patient's name).</summary>
/// <param name="FilesDone">Files read and de-identified.</param>
/// <param name="FilesWritten">Files written to the output (flagged files are left out unless allowed).</param>
/// <param name="FlaggedBurnedIn">Output names (new-UID paths, or the relative paths with --keep-paths) of images that
/// declare burned-in annotation, whether or not they were written.</param>
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
    /// <summary>The input paths (relative) of the flagged images, for the console only: never written to the output.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> FlaggedInputs { get; init; } = [];

    /// <summary>How output files are named: <c>uids</c> (study/series/instance) or <c>input paths</c>.</summary>
    public string Names { get; init; } = "uids";

    public string Profile => "DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile";
}
