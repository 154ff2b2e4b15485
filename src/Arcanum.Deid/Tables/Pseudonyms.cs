using System.Security.Cryptography;
using System.Text;
using Arcanum.Dicom.Deid;

namespace Arcanum.Deid.Tables;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 with the project key over a domain-separated, normalised value, shown as
/// <c>P-XXXX-XXXX-XXXX-XXXX</c> (80 bits in Crockford base32: no I, L, O or U to misread). The same value gets the
/// same pseudonym in every table and run under one key; without the key nobody can reverse it or check a guess.
/// The domain is the same for every column so a patient id links across tables whatever the column is called.
/// </summary>
public static class Pseudonyms
{
    /// <summary>The length of every pseudonym.</summary>
    public const int Length = 21;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("arcanum/deid/pseudonym\0");

    public static string Of(byte[] key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var normal = Encoding.UTF8.GetBytes(Normalise(value));
        var message = new byte[Domain.Length + normal.Length];
        Domain.CopyTo(message, 0);
        normal.CopyTo(message, Domain.Length);
        var mac = HMACSHA256.HashData(key, message);
        var text = new StringBuilder(Length).Append("P-");
        ulong bits = 0;
        var held = 0;
        var written = 0;
        for (var i = 0; written < 16; i++)
        {
            bits = (bits << 8) | mac[i];
            held += 8;
            while (held >= 5 && written < 16)
            {
                held -= 5;
                text.Append(Alphabet[(int)((bits >> held) & 31)]);
                if (++written % 4 == 0 && written < 16) text.Append('-');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The form that is hashed: trimmed, Unicode NFKC, upper case, so " mrn0042" and "MRN0042" from two exports link.
    /// Leading zeros are kept: "042" and "42" may be different identifiers.
    /// </summary>
    internal static string Normalise(string value) => DateShifter.NormaliseId(value);
}
