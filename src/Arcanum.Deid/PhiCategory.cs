namespace Arcanum.Deid;

/// <summary>
/// The groups whose recall is reported on its own, so an overall figure cannot hide a category that leaks: names,
/// dates, numbers (every identifying number), locations, contacts (phone, e-mail, URL, IP) and ages.
/// </summary>
public enum PhiCategory
{
    Names,
    Dates,
    Numbers,
    Locations,
    Contacts,
    Ages,
}
