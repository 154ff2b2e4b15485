namespace Arcanum.Dicom.Deid;

/// <summary>
/// One row of the profile: the attribute, its VR, the code the standard gives it (e.g. "X/Z/D") and the single
/// action applied here. Where the standard leaves a choice, the applied action is the one that removes the most
/// while keeping the object valid (Z for type 2 attributes, X otherwise).
/// </summary>
public sealed record ProfileRule(DicomTag Tag, string Vr, string StandardCode, ProfileAction Action, string Name);
