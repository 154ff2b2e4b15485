using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Deid.Tables;

/// <summary>
/// One date offset per patient, from HMAC-SHA256 of the key and the patient's identifier: every date of a patient
/// moves together, so intervals within a patient survive. Derived exactly as <c>arcanum deid dicom</c> derives its
/// shift (same domain, same range of 366 to 3652 days back), so a patient whose table identifier equals the DICOM
/// Patient ID has the same shift in both releases.
/// </summary>
public static class PatientDateShift
{
    public const int MinDaysBack = 366;

    public const int MaxDaysBack = 3652;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("arcanum/dicom/date-shift\0");

    /// <summary>The (negative) number of days to add to every date of this patient.</summary>
    public static int OffsetDays(byte[] key, string patient)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(patient);
        var id = Encoding.UTF8.GetBytes(patient.Trim());
        var message = new byte[Domain.Length + id.Length];
        Domain.CopyTo(message, 0);
        id.CopyTo(message, Domain.Length);
        var draw = BinaryPrimitives.ReadUInt64BigEndian(HMACSHA256.HashData(key, message));
        return -(MinDaysBack + (int)(draw % (ulong)(MaxDaysBack - MinDaysBack + 1)));
    }
}
