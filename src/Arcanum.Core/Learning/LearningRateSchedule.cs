using System.Globalization;

namespace Arcanum.Core.Learning;

/// <summary>The shapes a learning-rate schedule can take.</summary>
public enum ScheduleKind
{
    /// <summary>The base learning rate throughout.</summary>
    Constant,

    /// <summary>Half a cosine from the base rate down towards <see cref="LearningRateSchedule.MinFactor"/> of it (PyTorch's CosineAnnealingLR).</summary>
    Cosine,

    /// <summary>The base rate times <see cref="LearningRateSchedule.Gamma"/> every <see cref="LearningRateSchedule.Every"/> units (PyTorch's StepLR).</summary>
    Step,
}

/// <summary>
/// A learning-rate schedule as a factor of the base rate at position t of T (a round of the job's
/// rounds, or a step of one local run's steps). Written as text in job files and on the command
/// line: <c>constant</c>, <c>cosine</c>, <c>cosine:MIN</c> (end near MIN × lr), <c>step:EVERY</c> or
/// <c>step:EVERY:GAMMA</c> (× GAMMA every EVERY rounds or steps; GAMMA 0.1 when not given).
/// </summary>
public sealed record LearningRateSchedule
{
    /// <summary>The base rate throughout.</summary>
    public static LearningRateSchedule Constant { get; } = new();

    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>Cosine: the factor the schedule approaches at its end (0 = decay to nothing, as NVFlare's examples do).</summary>
    public double MinFactor { get; init; }

    /// <summary>Step: how many rounds (or steps) go by between reductions.</summary>
    public int Every { get; init; } = 1;

    /// <summary>Step: the factor applied at each reduction.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary>True when the schedule changes nothing.</summary>
    public bool IsConstant => Kind == ScheduleKind.Constant;

    /// <summary>
    /// The factor of the base rate at position <paramref name="t"/> (0-based) of <paramref name="total"/>.
    /// Cosine: min + (1 − min)·(1 + cos(π·t/T))/2, so t = 0 gets the full rate and the last position
    /// still a little more than min (PyTorch's CosineAnnealingLR with T_max = T, stepped once per position).
    /// Step: γ^⌊t/every⌋.
    /// </summary>
    public double Factor(int t, int total)
    {
        if (total < 1) throw new ArgumentOutOfRangeException(nameof(total), total, "A schedule needs at least one position.");
        if (t < 0 || t >= total) throw new ArgumentOutOfRangeException(nameof(t), t, $"Position must be in [0, {total}).");
        return Kind switch
        {
            ScheduleKind.Constant => 1,
            ScheduleKind.Cosine => MinFactor + (1 - MinFactor) * (1 + Math.Cos(Math.PI * t / total)) / 2,
            ScheduleKind.Step => Math.Pow(Gamma, t / Every),
            _ => throw new InvalidOperationException($"Unknown schedule {Kind}."),
        };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming what is out of range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentException($"Unknown learning-rate schedule {Kind}.");
        if (!(MinFactor >= 0 && MinFactor < 1)) throw new ArgumentException($"A cosine schedule's minimum factor must be in [0, 1); got {MinFactor}.");
        if (Every < 1) throw new ArgumentException($"A step schedule reduces the rate every N rounds or steps with N at least 1; got {Every}.");
        if (!(Gamma > 0 && Gamma <= 1)) throw new ArgumentException($"A step schedule's factor gamma must be in (0, 1]; got {Gamma}.");
    }

    /// <summary>The text form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Kind switch
    {
        ScheduleKind.Cosine when MinFactor == 0 => "cosine",
        ScheduleKind.Cosine => string.Create(CultureInfo.InvariantCulture, $"cosine:{MinFactor}"),
        ScheduleKind.Step => string.Create(CultureInfo.InvariantCulture, $"step:{Every}:{Gamma}"),
        _ => "constant",
    };

    /// <summary>
    /// Reads <c>constant</c>, <c>cosine</c>, <c>cosine:MIN</c>, <c>step:EVERY</c> or <c>step:EVERY:GAMMA</c>.
    /// Throws <see cref="FormatException"/> with the forms it accepts.
    /// </summary>
    public static LearningRateSchedule Parse(string text)
    {
        const string Forms = "constant, cosine, cosine:MIN (e.g. cosine:0.01), step:EVERY or step:EVERY:GAMMA (e.g. step:10:0.5)";
        var parts = (text ?? "").Trim().ToLowerInvariant().Split(':');
        LearningRateSchedule schedule;
        switch (parts[0])
        {
            case "constant" when parts.Length == 1:
                return Constant;
            case "cosine" when parts.Length <= 2:
                schedule = new LearningRateSchedule { Kind = ScheduleKind.Cosine, MinFactor = parts.Length == 2 ? Number(parts[1], text!, "MIN") : 0 };
                break;
            case "step" when parts.Length is 2 or 3:
                if (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var every))
                    throw new FormatException($"Learning-rate schedule '{text}': EVERY must be a whole number (got '{parts[1]}').");
                schedule = new LearningRateSchedule { Kind = ScheduleKind.Step, Every = every, Gamma = parts.Length == 3 ? Number(parts[2], text!, "GAMMA") : 0.1 };
                break;
            default:
                throw new FormatException($"Learning-rate schedule '{text}' is not one of {Forms}.");
        }
        try
        {
            schedule.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Learning-rate schedule '{text}': {e.Message}");
        }
        return schedule;
    }

    private static double Number(string part, string text, string what) =>
        double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new FormatException($"Learning-rate schedule '{text}': {what} must be a number (got '{part}').");
}
