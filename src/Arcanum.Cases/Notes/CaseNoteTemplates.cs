namespace Arcanum.Cases.Notes;

/// <summary>
/// The wording of a case note, several ways each, with <c>{key}</c> placeholders: the surrogate keys of
/// <see cref="Arcanum.Deid.Synthetic.PhiResolver"/> and the case's own (<c>{age}</c>, <c>{man}</c>, <c>{male}</c>,
/// <c>{disease}</c>, <c>{code}</c>). Findings are never put into a template,
/// so a brace in a question cannot be read as a placeholder.
/// </summary>
internal static class CaseNoteTemplates
{
    public static readonly string[] NameLine =
        ["Patient: {patientCaps}", "Patient Name: {patientFull}", "Name: {patientFull}"];

    public static readonly string[] BirthLine = ["DOB: {dob}", "Date of Birth: {dob}"];

    public static readonly string[] RecordLine = ["MRN: {mrn}", "Medical Record #: {mrn}", "MR#: {mrn}"];

    public static readonly string[] VisitLine = ["Date of Service: {visit}", "Visit date: {visit}", "Seen: {visit}"];

    /// <summary>Header lines a note may add; what it leaves out, the body or the plan mentions.</summary>
    public static readonly string[] ExtraLine =
    [
        "Attending: {clinician}", "Facility: {hospital}", "Location: {hospital}, {city}", "Phone: {phone}",
        "Address: {address}", "PCP: {otherDoctor}",
    ];

    public static readonly string[] HistoryHeading =
        ["HISTORY OF PRESENT ILLNESS", "History of Present Illness:", "HPI:", "Subjective:"];

    public static readonly string[] Opening =
    [
        "{patientFull} is a {age}-year-old {man} who presents to {hospital} on {visit}.",
        "{patientTitled} is a {age} year old {man} seen today for evaluation.",
        "{age}-year-old {man} ({patientFull}) presenting on {visit}.",
        "{patientFull}, a {age}-year-old {man}, was referred by {otherDoctor} and seen on {visit}.",
        "This is a {age} y/o {male} who comes in on {visit}; the history is from {patientTitled} directly.",
        "{patientFirst} is a {age}yo {male} seen in clinic at {hospital}.",
    ];

    public static readonly string[] PastHeading = ["PAST HISTORY", "Past Medical History:", "PMH:", "History:"];

    public static readonly string[] AssessmentHeading =
        ["ASSESSMENT AND PLAN", "Assessment and Plan:", "Assessment:", "Impression:", "A/P:"];

    public static readonly string[] Assessment =
    [
        "{age}-year-old {man} with the history above, most consistent with {disease}{code}.",
        "Impression: {disease}{code}.",
        "Working diagnosis: {disease}{code}, given the history and findings above.",
        "Presentation is most consistent with {disease}{code}.",
        "The patient's presentation is in keeping with {disease}{code}.",
    ];

    public static readonly string[] Severe =
        ["Potentially serious; close monitoring advised.", "High severity: low threshold for admission."];

    public static readonly string[] Mild = ["Expected to be self-limited.", "Low severity; supportive care."];

    public static readonly string[] Plan =
    [
        "Follow-up with {clinician} on {date} at {hospital}.",
        "Return to clinic on {date}.",
        "Discussed with {otherDoctor}; next appointment {date}.",
        "Recheck with {clinician} in two weeks ({date}).",
    ];

    public static readonly string[] Phone =
        ["Call {phone} with questions.", "The patient can be reached at {phone}.", "Callback number: {phone}."];

    public static readonly string[] Address = ["Lives at {address}.", "Address on file: {address}."];

    public static readonly string[] Hospital = ["Seen at {hospital}.", "Care continues at {hospital}."];

    public static readonly string[] Signature =
    [
        "Electronically signed by {clinicianSigned} on {visit}",
        "{clinicianSigned}\n{hospital}",
        "Dictated by: {clinician}\nDate: {visit}",
    ];
}
