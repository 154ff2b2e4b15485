namespace Arcanum.Dicom;

/// <summary>
/// A problem with a DICOM file or a de-identification setting that the user can fix. Messages name the file and,
/// where it helps, the offset and tag; they never carry a value read from the data.
/// </summary>
public class DicomException(string message) : Exception(message);
