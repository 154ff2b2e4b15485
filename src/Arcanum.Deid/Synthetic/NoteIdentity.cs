namespace Arcanum.Deid.Synthetic;

/// <summary>
/// The surrogate identity of one note: patient, clinicians, a relative, where they live and are treated, and
/// dates, drawn once so a note stays consistent (the header's MRN is the one the narrative quotes).
/// </summary>
public sealed record NoteIdentity(
    Person Patient, Person Clinician, Person OtherClinician, Person Relative, string City, string Street, string State,
    string Zip, string Hospital, DateOnly Birth, DateOnly Visit)
{
    public static NoteIdentity Draw(NameSource names, Random random, bool? patientFemale)
    {
        Person Draw(bool female)
        {
            var (first, last) = names.Person(female);
            return new Person(first, last, female);
        }

        var female = patientFemale ?? random.Next(2) == 0;
        var city = names.City();
        var hospital = random.Next(6) switch
        {
            0 => $"St. {names.Person(random.Next(2) == 0).First}'s Hospital",
            1 => $"{names.Surname()} Memorial Hospital",
            2 => $"{city} Medical Center",
            3 => $"{city} General Hospital",
            4 => $"{names.Surname()} Clinic",
            _ => $"{names.City()} Regional Medical Center",
        };
        var zip = random.Next(100000).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var visit = DateStyles.Draw(random, 1995);
        return new NoteIdentity(Draw(female), Draw(random.Next(2) == 0), Draw(random.Next(2) == 0),
            Draw(random.Next(2) == 0), city, $"{random.Next(1, 9999)} {names.Street()}", names.State(),
            random.Next(5) == 0 ? $"{zip}-{random.Next(10000):D4}" : zip, hospital,
            DateStyles.Draw(random, 1925, 2010), visit);
    }
}
