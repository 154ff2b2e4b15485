using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Arcanum.Dicom.Deid;

/// <summary>
/// Per-patient date shifting: one offset per patient, derived with HMAC-SHA256 from the key and the patient's ID,
/// so all of a patient's dates move together (intervals survive) and the offset is the same in every run.
/// </summary>
public static class DateShifter
{
    /// <summary>Offsets lie between these many days back: at least a year, so no date keeps its true day and
    /// month.</summary>
    public const int MinDaysBack = 366;

    public const int MaxDaysBack = 3652;

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("arcanum/dicom/date-shift\0");

    /// <summary>
    /// The (negative) number of days to add to every date of the patient with this identifier, after
    /// <see cref="NormaliseId"/>: a DICOM Patient ID, a table's patient column and a note's patient field that name one
    /// patient (" mrn0042" and "MRN0042") get one offset, as they get one pseudonym.
    /// </summary>
    public static int OffsetDays(byte[] key, string patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return OffsetDays(key, Encoding.UTF8.GetBytes(NormaliseId(patient)));
    }

    /// <summary>The form of a patient identifier that keys are derived from: trimmed, Unicode NFKC, upper case.
    /// Leading zeros are kept: "042" and "42" may be different identifiers.</summary>
    public static string NormaliseId(string value) => value.Trim().Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>The offset for an identifier's exact bytes (no normalisation).</summary>
    internal static int OffsetDays(byte[] key, ReadOnlySpan<byte> patient)
    {
        var message = new byte[Domain.Length + patient.Length];
        Domain.CopyTo(message, 0);
        patient.CopyTo(message.AsSpan(Domain.Length));
        var mac = HMACSHA256.HashData(key, message);
        var draw = BinaryPrimitives.ReadUInt64BigEndian(mac);
        return -(MinDaysBack + (int)(draw % (ulong)(MaxDaysBack - MinDaysBack + 1)));
    }

    /// <summary>A DA value (YYYYMMDD, possibly multi-valued) shifted, or null when a value is not a full
    /// date.</summary>
    public static string? ShiftDate(string value, int days) => ShiftEach(value, v => ShiftDay(v, days));

    /// <summary>
    /// A DT value with its date part shifted and its UTC offset dropped (PS3.15 removes the timezone too), or null
    /// when a value does not start with a full date.
    /// </summary>
    public static string? ShiftDateTime(string value, int days) => ShiftEach(value, v =>
    {
        if (v.Length < 8 || ShiftDay(v[..8], days) is not { } day) return null;
        var rest = v[8..];
        var zone = rest.IndexOfAny(['+', '-']);
        return day + (zone >= 0 ? rest[..zone] : rest);
    });

    private static string? ShiftDay(string value, int days) =>
        value.Length == 8 && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var date)
            && date.DayNumber + days >= DateOnly.MinValue.DayNumber
            ? date.AddDays(days).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : null;

    private static string? ShiftEach(string value, Func<string, string?> shift)
    {
        var parts = value.Split('\\');
        var shifted = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0) continue;
            if (shift(part) is not { } moved) return null;
            shifted[i] = moved;
        }
        return string.Join('\\', shifted.Select(s => s ?? ""));
    }
}
