using OnnxInvert.Inversion.Constraints;

namespace OnnxInvert.Inversion.Tests.Constraints;

/// <summary>Checks the gradient a penalty adds against central finite differences of the penalty values it reports.</summary>
internal static class PenaltyFiniteDifferences
{
    /// <summary>
    /// For every element j of every active slot, d penalty[observed(j)] / dz_j by central differences, compared with the
    /// gradient <paramref name="constraint"/> adds. <paramref name="observed"/> maps a slot to the slot whose penalty
    /// depends on it (the slot itself, or any slot for batch-wide penalties).
    /// </summary>
    public static void Check(LatentConstraint constraint, float[] latents, bool[] active, int size, double step = 1e-2, double tolerance = 2e-3)
    {
        int slots = active.Length;
        var gradients = new float[latents.Length];
        constraint.AddPenalty(latents, gradients, active, size, new float[slots]);
        for (int j = 0; j < latents.Length; j++)
        {
            int slot = j / size;
            if (!active[slot])
            {
                Assert.Equal(0f, gradients[j]);
                continue;
            }

            double plus = Penalty(constraint, latents, active, size, j, step, slot);
            double minus = Penalty(constraint, latents, active, size, j, -step, slot);
            double numeric = (plus - minus) / (2 * step);
            Assert.True(
                Math.Abs(numeric - gradients[j]) <= tolerance * Math.Max(1, Math.Abs(numeric)),
                $"element {j}: analytic {gradients[j]:G6}, finite difference {numeric:G6}");
        }
    }

    private static double Penalty(LatentConstraint constraint, float[] latents, bool[] active, int size, int element, double delta, int slot)
    {
        float[] moved = [.. latents];
        moved[element] = (float)(moved[element] + delta);
        var penalties = new float[active.Length];
        constraint.AddPenalty(moved, new float[moved.Length], active, size, penalties);
        return penalties[slot];
    }
}
