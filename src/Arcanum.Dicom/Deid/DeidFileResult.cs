namespace Arcanum.Dicom.Deid;

/// <summary>What de-identifying one file found.</summary>
/// <param name="BurnedInAnnotation">The image says its pixels carry burned-in text (0028,0301 = YES), which this tool
/// does not clean.</param>
/// <param name="PatientKeyMissing">No Patient ID to key the date shift on: the Study Instance UID keyed it
/// instead.</param>
public sealed record DeidFileResult(bool BurnedInAnnotation, bool PatientKeyMissing);
