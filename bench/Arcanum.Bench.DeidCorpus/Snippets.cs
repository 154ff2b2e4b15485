using Arcanum.Deid.Synthetic;

namespace Arcanum.Bench.DeidCorpus;

/// <summary>
/// Where PHI sits in real notes: header fields, sentences in the narrative, follow-up lines and signatures. Each
/// template names surrogates as <c>{key}</c> (see <see cref="PhiResolver"/>). Hard negatives hold no PHI but look
/// like it (eponyms, drug names, "Dr." in clinical context, months used as words).
/// </summary>
internal static class Snippets
{
    public static readonly string[] Header =
    [
        "Patient: {patientCaps}", "Patient Name: {patientFull}", "Name: {patientFull}", "DOB: {dob}",
        "Date of Birth: {dob}", "MRN: {mrn}", "Medical Record #: {mrn}", "Acct #: {account}",
        "Date of Service: {visit}", "Visit date: {visit}", "Attending: {clinician}",
        "Referring physician: {otherDoctor}",
        "PCP: {otherDoctor}", "Location: {hospital}", "Facility: {hospital}, {city}, {state}",
        "Address: {address}", "Phone: {phone}", "Insurance ID: {plan}", "SSN: {ssn}", "Encounter ID: {id}",
        "Emergency contact: {relative} {phone}",
    ];

    public static readonly string[] Narrative =
    [
        "{patientFull} is a pleasant patient seen today at {hospital}.",
        "{patientPoss} daughter, {relative}, can be reached at {phone}.",
        "Spouse, {relativeFirst}, drove from {otherCity} for the visit.",
        "The patient's mother, now {age} years old, lives with the family in {city}.",
        "Father is a {age} year old with dementia, cared for by {relative}.",
        "Grandmother, aged {age}, was treated for Parkinson's disease at {hospital}.",
        "Collateral from neighbour {relative}, {age}yo, who checks on the patient daily.",
        "Outside records from {otherDoctor} at {hospital} dated {date} were reviewed.",
        "Last colonoscopy was on {date} with {otherDoctor}.",
        "Previously admitted to {hospital} on {date} and discharged on {date}.",
        "Pacemaker (serial {device}) was interrogated on {date} without events.",
        "Insulin pump S/N {device} checked; settings unchanged.",
        "Images were uploaded to {url} for review by {otherDoctor}.",
        "The patient sent a message from {email} asking about results.",
        "Telehealth session connected from IP {ip}.",
        "Works as a delivery driver; the van (plate {plate}) was in the accident on {date}.",
        "Vehicle VIN {vin} recorded for the crash report.",
        "Medicaid member ID {plan} verified on {date}.",
        "Payment card {account} on file for the copay.",
        "Driver's license {license} was checked at registration.",
        "Lives at {address} with {relative}.",
        "Moved to {city} on {date} after retiring.",
        "Case discussed with {clinician}; agree with plan per {clinicianLast}.",
        "{patientTitled} reports the pain started on {date}.",
        "Prior accession {id} reviewed with radiology.",
        "SSN {ssn} confirmed for the disability form.",
        "Per {patientInitials}, symptoms worsened on {date}.",
    ];

    public static readonly string[] FollowUp =
    [
        "Follow-up with {clinician} on {date} at {hospital}.",
        "Return to clinic on {date}; call {phone} with questions.",
        "Follow up in the {city} office, {address}, on {date}.",
        "Next appointment: {date} with {otherDoctor}. Fax results to {phone}.",
        "Patient portal: {url}. Questions: {email}.",
    ];

    public static readonly string[] Signature =
    [
        "Electronically signed by {clinicianSigned} on {visit}",
        "{clinicianSigned}\n{hospital}\nPhone: {phone}  Fax: {phone}",
        "Dictated by: {clinician}\nTranscribed: {date}\nLicense #: {license}",
        "Signed: {clinicianSigned}, license {license}\n{email}",
        "cc: {otherDoctor}, {hospital}, {address}",
    ];

    public static readonly string[] HardNegatives =
    [
        "Family history of Parkinson's disease and Graves disease.",
        "Homans sign negative; Babinski downgoing bilaterally.",
        "Continue Coumadin 5 mg and Lasix 40 mg daily; Keflex for 7 days.",
        "Phalen's and Tinel's tests are positive on the right.",
        "History of Hodgkin lymphoma in remission and Bell's palsy.",
        "Foley catheter removed; Gleason 3+4 on prior biopsy.",
        "Will continue to march forward with physical therapy; may return to work.",
        "Dr. on call was notified of the potassium of 5.9.",
        "Apgar scores were 8 and 9; Down syndrome screen was negative.",
        "Plan to recheck A1c in three months and TSH in six weeks.",
        "Crohn's disease flare treated with Humira; Cushing's ruled out.",
        "Alzheimer's screening (MoCA 24/30) discussed with the family.",
    ];
}
