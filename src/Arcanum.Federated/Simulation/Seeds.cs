using System.Text;

namespace Arcanum.Federated.Simulation;

/// <summary>
/// Derives the seeds of sub-tasks from the job seed. Sites are identified by name (not by index),
/// so a site gets the same seed whether it runs in the simulator or in its own hospital.
/// </summary>
public static class Seeds
{
    public static int ForSite(int jobSeed, int round, string site) => Mix((ulong)(uint)jobSeed, (ulong)(uint)round, Fnv1a(site));

    public static int ForStage(int jobSeed, string stage) => Mix((ulong)(uint)jobSeed, 0xC0FFEE, Fnv1a(stage));

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    private static int Mix(ulong a, ulong b, ulong c)
    {
        var x = SplitMix(a ^ SplitMix(b ^ SplitMix(c)));
        return (int)(x & 0x7FFFFFFF);
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
