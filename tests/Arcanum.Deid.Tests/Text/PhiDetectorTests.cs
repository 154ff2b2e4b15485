using Arcanum.Deid.Text;

namespace Arcanum.Deid.Tests.Text;

/// <summary>Each identifier kind in a hand-written sentence: the span found, its type, its offsets.</summary>
public sealed class PhiDetectorTests
{
    private static readonly PhiDetector Detector = new();

    [Theory]
    [InlineData("Admitted on 3/4/2098 for chest pain.", "3/4/2098")]
    [InlineData("Seen 04-Mar for follow-up.", "04-Mar")]
    [InlineData("Surgery planned for March 4th.", "March 4th")]
    [InlineData("Biopsy done 2098-03-04 at noon.", "2098-03-04")]
    [InlineData("Symptoms began in Mar 2098 after travel.", "Mar 2098")]
    [InlineData("Return on the 4th for labs.", "4th")]
    [InlineData("Last seen Mar 4, 2098 in clinic.", "Mar 4, 2098")]
    [InlineData("Discharged 3/4/98 home.", "3/4/98")]
    [InlineData("Born 4 March 2098 at term.", "4 March 2098")]
    public void Detect_DateFormats_FindsTheDate(string text, string date) => AssertFinds(text, date, PhiType.Date);

    [Theory]
    [InlineData("Pain 7/10 at rest, strength 5/5 throughout.")]
    [InlineData("Onset in 2098, no recurrence.")]
    [InlineData("Medication given at 10:30 and 14:45.")]
    [InlineData("He may need a 4th ventricle shunt review.")]
    public void Detect_ScoresYearsTimesAndNonDates_FindsNoDate(string text) =>
        Assert.DoesNotContain(Detector.Detect(text), s => s.Type == PhiType.Date);

    [Theory]
    [InlineData("Seen by Dr. Okonkwo today.", "Okonkwo")]
    [InlineData("Note signed by Anna Lindqvist, MD.", "Anna Lindqvist")]
    [InlineData("His wife Wieslawa visited.", "Wieslawa")]
    [InlineData("Patient John A. Smith was admitted.", "John A. Smith")]
    [InlineData("Mrs. Brown reports nausea.", "Brown")]
    [InlineData("Discussed the plan with Kristoffersen and the team.", "Kristoffersen")]
    public void Detect_Names_FindsTheName(string text, string name) => AssertFinds(text, name, PhiType.Name);

    [Theory]
    [InlineData("History of Parkinson's disease, Glasgow Coma Scale 15, Apgar 9.")]
    [InlineData("Continue Lipitor 20 mg, metformin 500 mg and Eliquis.")]
    [InlineData("HbA1c 7.2, TSH normal, CBC with differential.")]
    [InlineData("She may return if symptoms recur. Babinski sign negative.")]
    [InlineData("Chest X-ray clear. Plan: continue current management.")]
    public void Detect_MedicalVocabulary_Survives(string text) => Assert.Empty(Detector.Detect(text));

    [Theory]
    [InlineData("Call (617) 555-0199 to schedule.", "(617) 555-0199", PhiType.Phone)]
    [InlineData("Fax 617-555-0100 the records.", "617-555-0100", PhiType.Phone)]
    [InlineData("Email jdoe@example.com with results.", "jdoe@example.com", PhiType.Email)]
    [InlineData("Portal at https://portal.example.org/records today.", "https://portal.example.org/records",
        PhiType.Url)]
    [InlineData("Login from 192.168.10.20 noted.", "192.168.10.20", PhiType.IpAddress)]
    [InlineData("SSN 123-45-6789 on file.", "123-45-6789", PhiType.Ssn)]
    [InlineData("MRN: 4829301 confirmed.", "4829301", PhiType.Mrn)]
    [InlineData("Account # 99887766 billed.", "99887766", PhiType.Account)]
    [InlineData("Member ID XQ44521987 active.", "XQ44521987", PhiType.HealthPlan)]
    [InlineData("DEA AB1234563 on the script.", "AB1234563", PhiType.License)]
    [InlineData("Pacemaker serial PX778812 checked.", "PX778812", PhiType.Device)]
    [InlineData("License plate 7XYZ123 recorded.", "7XYZ123", PhiType.Vehicle)]
    [InlineData("Card 4111 1111 1111 1111 charged.", "4111 1111 1111 1111", PhiType.Account)]
    [InlineData("Specimen 20981234567 sent.", "20981234567", PhiType.Id)]
    public void Detect_Numbers_FindsTypedSpan(string text, string value, PhiType type) =>
        AssertFinds(text, value, type);

    [Theory]
    [InlineData("A 92-year-old woman presents.", "92")]
    [InlineData("Patient is aged 101 and frail.", "101")]
    public void Detect_AgeOver89_FindsAge(string text, string age) => AssertFinds(text, age, PhiType.Age);

    [Fact]
    public void Detect_AgeUnder90_IsNotPhi() =>
        Assert.Empty(Detector.Detect("A 67-year-old man with cough."));

    [Theory]
    [InlineData("He lives at 12 Oak Hill Road with his wife.", "12 Oak Hill Road", PhiType.Location)]
    [InlineData("Moved to Jamesville, OH 43210 last year.", "Jamesville", PhiType.Location)]
    [InlineData("Moved to Jamesville, OH 43210 last year.", "43210", PhiType.Zip)]
    [InlineData("Transferred from St. Mary's Hospital overnight.", "Mary's Hospital", PhiType.Location)]
    [InlineData("She grew up in Wroclaw before emigrating.", "Wroclaw", PhiType.Location)]
    public void Detect_Locations_FindsPlace(string text, string place, PhiType type) => AssertFinds(text, place, type);

    [Fact]
    public void Detect_Spans_AreOffsetsIntoTheOriginalText()
    {
        // Given
        const string text = "Dr. Okonkwo saw her on 3/4/2098; call 617-555-0199.";

        // When
        var spans = Detector.Detect(text);

        // Then
        Assert.Equal(["Okonkwo", "3/4/2098", "617-555-0199"], spans.Select(s => text[s.Start..s.End]));
        Assert.Equal([PhiType.Name, PhiType.Date, PhiType.Phone], spans.Select(s => s.Type));
    }

    private static void AssertFinds(string text, string value, PhiType type)
    {
        var start = text.IndexOf(value, StringComparison.Ordinal);
        var spans = Detector.Detect(text);
        Assert.Contains(spans, s => s.Type == type && s.Start <= start && s.End >= start + value.Length);
    }
}
