namespace Arcanum.Deid;

/// <summary>
/// The HIPAA Safe Harbor identifier kinds that occur in clinical text and tables. Numbers are split by what they
/// identify, so a redacted note says <c>[MRN]</c> rather than <c>[ID]</c>; <see cref="Id"/> is any other unique number.
/// Written in files as the upper-case names in <see cref="PhiTypes"/>.
/// </summary>
public enum PhiType
{
    /// <summary>Patients, relatives, clinicians: full names, surnames, initials, "Dr. X".</summary>
    Name,

    /// <summary>Geography below state level: streets, cities, hospitals and wards named after places.</summary>
    Location,

    /// <summary>ZIP codes (5 or 9 digits).</summary>
    Zip,

    /// <summary>Any date element except the year alone: 3/4/2098, 04-Mar, "March 4th", "the 4th", 2098-03-04.</summary>
    Date,

    /// <summary>Ages over 89.</summary>
    Age,

    /// <summary>Telephone and fax numbers.</summary>
    Phone,

    Email,

    Url,

    IpAddress,

    Ssn,

    /// <summary>Medical record numbers.</summary>
    Mrn,

    /// <summary>Account numbers, including card and bank numbers.</summary>
    Account,

    /// <summary>Health-plan beneficiary numbers.</summary>
    HealthPlan,

    /// <summary>Certificate and licence numbers.</summary>
    License,

    /// <summary>Device identifiers and serial numbers.</summary>
    Device,

    /// <summary>Vehicle identifiers and licence plates.</summary>
    Vehicle,

    /// <summary>Any other unique identifying number or code.</summary>
    Id,
}
