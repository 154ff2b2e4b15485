namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Where a surrogate name or place comes from. About half are Bogus "en" (which a gazetteer-based detector may
/// hold); the rest come from sources it will not: other Bogus locales, romanised, and made-up words.
/// </summary>
internal enum NameOrigin
{
    English,
    OtherLocale,
    MadeUp,
}
