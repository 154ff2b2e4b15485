namespace Arcanum.Risk.Anonymization;

/// <summary>
/// How much a transformation costs the data, by the measures ARX reports (all 0 for the original table).
/// </summary>
/// <param name="Loss">ARX's default "Loss" metric (Iyengar's loss: per attribute, the share of the domain a released
/// value covers, normalised to [0, 1], a suppressed value costing 1; combined by ARX's geometric mean).</param>
/// <param name="Precision">Sweeney's precision loss: per attribute the mean of level / top level (1 when
/// suppressed), averaged over attributes, in [0, 1].</param>
/// <param name="Discernibility">Bayardo &amp; Agrawal: the sum of squared class sizes, each suppressed record
/// charged the table's size.</param>
/// <param name="NonUniformEntropy">Gionis &amp; Tassa: bits lost, summed over records and attributes
/// (-log2 of the share of the released group's records that hold the original value).</param>
public sealed record UtilityReport(double Loss, double Precision, double Discernibility, double NonUniformEntropy);
