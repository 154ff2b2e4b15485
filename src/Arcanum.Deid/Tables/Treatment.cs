namespace Arcanum.Deid.Tables;

/// <summary>What a table policy does with one column. Written in the policy in lower case.</summary>
public enum Treatment
{
    /// <summary>Copied unchanged: the policy's author judged it not identifying.</summary>
    Keep,

    /// <summary>Left out of the output.</summary>
    Drop,

    /// <summary>A keyed HMAC-SHA256 pseudonym: the same value gets the same pseudonym in every table.</summary>
    Pseudonym,

    /// <summary>A ZIP code cut to its first three digits; 000 for the 17 sparsely populated ZIP3 areas.</summary>
    Zip3,

    /// <summary>Ages over 89 become "90+".</summary>
    Age,

    /// <summary>A date column: year only, or shifted per patient (<see cref="DateTreatment"/>).</summary>
    Date,

    /// <summary>Free text de-identified per patient by an <see cref="IFreeTextDeidentifier"/>.</summary>
    Text,
}
