namespace Arcanum.Deid;

/// <summary>
/// De-identifies one free-text value (a note, or a free-text cell of a table) for one patient: surrogates and date
/// shifts are consistent within one patient's values. Table de-identification uses it for free-text
/// columns; the text de-identifier implements it.
/// </summary>
public interface IFreeTextDeidentifier
{
    string Deidentify(string text, string patient);
}
