using System.Globalization;

namespace Arcanum.Deid.Synthetic;

/// <summary>
/// Turns a template's <c>{key}</c> into surrogate pieces for one note, choosing a surface form at random each time
/// (full name, "Dr. X", "X, MD", initials, ALL CAPS; many date formats). Titles, "'s" and "MD" stay outside spans.
/// </summary>
public sealed class PhiResolver(NoteIdentity id, NameSource names, Random random)
{
    private static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    public IEnumerable<Piece> Resolve(string key) => key switch
    {
        "patient" => AnyName(id.Patient),
        "patientFull" => [Name(id.Patient.Full)],
        "patientFirst" => [Name(id.Patient.First)],
        "patientLast" => [Name(id.Patient.Last)],
        "patientTitled" => [Piece.Plain(id.Patient.Honorific(random) + " "), Name(id.Patient.Last)],
        "patientCaps" => [Name($"{id.Patient.Last.ToUpperInvariant()}, {id.Patient.First.ToUpperInvariant()}")],
        "patientInitials" => [Name(id.Patient.Initials)],
        "patientPoss" => [.. AnyName(id.Patient), Piece.Plain("'s")],
        "clinician" => Doctor(id.Clinician),
        "clinicianLast" => [Name(id.Clinician.Last)],
        "clinicianSigned" =>
            [Name(id.Clinician.Full), Piece.Plain(", " + names.Pick("MD", "M.D.", "DO", "NP", "PA-C"))],
        "otherDoctor" => Doctor(id.OtherClinician),
        "relative" => random.Next(3) == 0 ? [Name(id.Relative.First)] : [Name(id.Relative.Full)],
        "relativeFirst" => [Name(id.Relative.First)],
        "date" => DateStyles.Format(DateStyles.Draw(random, 1995), names.Pick(DateStyles.All)),
        "visit" => DateStyles.Format(id.Visit, names.Pick(DateStyles.Numeric)),
        "dob" => DateStyles.Format(id.Birth, names.Pick(DateStyles.Numeric)),
        "age" => [Phi(random.Next(90, 111).ToString(Us), PhiType.Age)],
        "phone" => [Phi(Phone(), PhiType.Phone)],
        "email" => [Phi(Email(), PhiType.Email)],
        "url" => [Phi(Url(), PhiType.Url)],
        "ip" => [Phi($"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}",
            PhiType.IpAddress)],
        "ssn" => [Phi(random.Next(4) == 0 ? Digits(9) : $"{random.Next(1, 666):D3}-{Digits(2)}-{Digits(4)}",
            PhiType.Ssn)],
        "mrn" => [Phi(names.Pick(Digits(8), Digits(7), $"{Digits(3)}-{Digits(2)}-{Digits(2)}", "M" + Digits(9)),
            PhiType.Mrn)],
        "account" => [Phi(random.Next(3) == 0 ? $"{Digits(4)} {Digits(4)} {Digits(4)} {Digits(4)}" : Digits(10),
            PhiType.Account)],
        "plan" => [Phi(Letters(3) + Digits(9), PhiType.HealthPlan)],
        "license" => [Phi(names.Pick(Letters(2) + Digits(7), $"{id.State}-{Digits(6)}", Digits(10)),
            PhiType.License)],
        "device" => [Phi(names.Pick(Letters(3) + Digits(6) + Letters(1), $"{Digits(2)}{Letters(2)}-{Digits(4)}-"
            + Letters(2)), PhiType.Device)],
        "plate" => [Phi(names.Pick($"{Digits(1)}{Letters(3)}{Digits(3)}", $"{Letters(3)}-{Digits(4)}"),
            PhiType.Vehicle)],
        "vin" => [Phi(Vin(), PhiType.Vehicle)],
        "id" => [Phi(names.Pick("A" + Digits(8), Digits(10), $"{Letters(2)}-{Digits(6)}"), PhiType.Id)],
        "street" => [Phi(id.Street, PhiType.Location)],
        "city" => [Phi(id.City, PhiType.Location)],
        "otherCity" => [Phi(names.City(), PhiType.Location)],
        "hospital" => [Phi(id.Hospital, PhiType.Location)],
        "zip" => [Phi(id.Zip, PhiType.Zip)],
        "state" => [Piece.Plain(id.State)],
        "address" => [Phi(id.Street, PhiType.Location), Piece.Plain(", "), Phi(id.City, PhiType.Location),
            Piece.Plain($", {id.State} "), Phi(id.Zip, PhiType.Zip)],
        _ => throw new InvalidOperationException($"No surrogate for template key '{key}'."),
    };

    private IEnumerable<Piece> AnyName(Person person) => random.Next(6) switch
    {
        0 => [Name(person.Full)],
        1 => [Name(person.First)],
        2 => [Name(person.Last)],
        3 => [Piece.Plain(person.Honorific(random) + " "), Name(person.Last)],
        4 => [Name(person.Initials)],
        _ => [Name(person.Full)],
    };

    private IEnumerable<Piece> Doctor(Person person) => random.Next(4) switch
    {
        0 => [Piece.Plain("Dr. "), Name(person.Last)],
        1 => [Piece.Plain("Dr. "), Name(person.Full)],
        2 => [Name(person.Full), Piece.Plain(", MD")],
        _ => [Piece.Plain("Dr "), Name(person.Last)],
    };

    private string Phone()
    {
        var (area, exchange, line) = (random.Next(201, 990), random.Next(200, 1000), Digits(4));
        return random.Next(6) switch
        {
            0 => $"({area}) {exchange}-{line}",
            1 => $"{area}.{exchange}.{line}",
            2 => $"{area}-{exchange}-{line} ext {random.Next(1, 999)}",
            3 => $"+1 {area} {exchange} {line}",
            4 => $"{exchange}-{line}",
            _ => $"{area}-{exchange}-{line}",
        };
    }

    private string Email()
    {
        var person = random.Next(2) == 0 ? id.Patient : id.Clinician;
        var local = random.Next(2) == 0
            ? $"{person.First}.{person.Last}"
            : $"{person.First[0]}{person.Last}{Digits(2)}";
        var domain = names.Pick("gmail.com", "yahoo.com", "outlook.com", "mail.com",
            MadeUpNames.Word(random, 2).ToLowerInvariant() + "health.org");
        return $"{local.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}@{domain}";
    }

    private string Url()
    {
        var site = MadeUpNames.Word(random, 2).ToLowerInvariant();
        return random.Next(3) switch
        {
            0 => $"https://portal.{site}health.org/patient/{Digits(6)}",
            1 => $"www.{site}.com",
            _ => $"http://{site}-clinic.net/records?id={Digits(5)}",
        };
    }

    private string Vin()
    {
        const string chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
        return new string([.. Enumerable.Range(0, 17).Select(_ => chars[random.Next(chars.Length)])]);
    }

    private string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));

    private string Letters(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('A' + random.Next(26))));

    private static Piece Name(string text) => Piece.Phi(text, PhiType.Name);

    private static Piece Phi(string text, PhiType type) => Piece.Phi(text, type);
}
