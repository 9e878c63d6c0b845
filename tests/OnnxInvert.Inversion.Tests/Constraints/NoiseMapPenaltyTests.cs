using OnnxInvert.Inversion.Constraints;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class NoiseMapPenaltyTests
{
    [Theory]
    [InlineData(1, 16, 16, new[] { 16, 8 })]
    [InlineData(2, 18, 10, new[] { 18, 9, 4 })]
    [InlineData(1, 4, 4, new[] { 4 })]
    [InlineData(1, 64, 32, new[] { 64, 32, 16, 8 })]
    public void Levels_FollowNvidiasLoop(int maps, int height, int width, int[] heights)
    {
        var penalty = new NoiseMapPenalty(1, true, maps, height, width);

        Assert.Equal(heights, penalty.Levels.Select(l => l.Height));
    }

    [Theory]
    [InlineData(1, 16, 16, 1.0)]
    [InlineData(2, 18, 10, 3.0)]
    [InlineData(1, 5, 7, 0.5)]
    public void Penalty_MatchesDirectComputation(int maps, int height, int width, double weight)
    {
        var latents = Noise(3 * maps * height * width, seed: 1, correlated: true);
        var penalties = new float[3];

        new NoiseMapPenalty(weight, true, maps, height, width).AddPenalty(latents, new float[latents.Length], [true, true, true], maps * height * width, penalties);

        for (int s = 0; s < 3; s++)
        {
            double expected = 0;
            for (int m = 0; m < maps; m++)
            {
                expected += Reference(latents.Skip(((s * maps) + m) * height * width).Take(height * width).Select(v => (double)v).ToArray(), height, width);
            }

            Assert.Equal(weight * expected, penalties[s], (weight * expected * 1e-5) + 1e-9);
        }
    }

    [Theory]
    [InlineData(1, 16, 16)]
    [InlineData(2, 18, 10)]
    [InlineData(1, 3, 2)]
    public void Gradient_MatchesFiniteDifferences(int maps, int height, int width)
    {
        var latents = Noise(2 * maps * height * width, seed: 2, correlated: true);

        PenaltyFiniteDifferences.Check(new NoiseMapPenalty(10, true, maps, height, width), latents, [true, false], maps * height * width, step: 1e-2, tolerance: 2e-3);
    }

    [Fact]
    public void Penalty_IsSmallForWhiteNoise_AndLargeForSmoothMaps()
    {
        var white = Noise(64 * 64, seed: 3, correlated: false);
        var smooth = Noise(64 * 64, seed: 3, correlated: true);
        var penalty = new NoiseMapPenalty(1, true, 1, 64, 64);
        var a = new float[1];
        var b = new float[1];

        penalty.AddPenalty(white, new float[white.Length], [true], white.Length, a);
        penalty.AddPenalty(smooth, new float[smooth.Length], [true], smooth.Length, b);

        Assert.True(b[0] > 100 * a[0], $"white {a[0]}, smooth {b[0]}");
    }

    [Fact]
    public void Project_RenormalisesEveryMap_UnlessToldNot()
    {
        var latents = Noise(2 * 8 * 8, seed: 4, correlated: true).Select(v => (3 * v) + 1.5f).ToArray();
        float[] before = [.. latents];

        new NoiseMapPenalty(1, renormalize: false, 2, 8, 8).Project(latents, new Random(0));
        Assert.Equal(before, latents);
        new NoiseMapPenalty(1, renormalize: true, 2, 8, 8).Project(latents, new Random(0));

        for (int m = 0; m < 2; m++)
        {
            var map = latents.Skip(m * 64).Take(64).Select(v => (double)v).ToArray();
            Assert.Equal(0, map.Average(), 5);
            Assert.Equal(1, map.Average(v => v * v), 4);
        }
    }

    [Fact]
    public void SteadyStateStep_AllocatesNothing()
    {
        var latents = Noise(4 * 32 * 32, seed: 5, correlated: true);
        var gradients = new float[latents.Length];
        var penalties = new float[4];
        bool[] active = [true, true, false, true];
        var penalty = new NoiseMapPenalty(1e5, true, 1, 32, 32);
        var random = new Random(1);
        penalty.AddPenalty(latents, gradients, active, 1024, penalties);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 10; step++)
        {
            penalty.AddPenalty(latents, gradients, active, 1024, penalties);
            penalty.Project(latents.AsSpan(0, 1024), random);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_Validate_RejectsEmptyAndNegative()
    {
        Assert.Throws<ArgumentException>(() => new NoiseRegularization([]).Validate());
        Assert.Throws<ArgumentException>(() => new NoiseRegularization(["noise0", "noise0"]).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseRegularization(["noise0"], -1).Validate());
        new NoiseRegularization(["noise0", "noise1"]).Validate();
        Assert.Equal(1e5, new NoiseRegularization(["noise0"]).Weight);
    }

    /// <summary>NVIDIA's loop, written out with explicit rolls and avg_pool2d on arrays (no shared code with the type).</summary>
    private static double Reference(double[] noise, int h, int w)
    {
        double total = 0;
        while (true)
        {
            double ax = 0, ay = 0;
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double rolledX = noise[(i * w) + ((j - 1 + w) % w)];
                    double rolledY = noise[(((i - 1 + h) % h) * w) + j];
                    ax += noise[(i * w) + j] * rolledX;
                    ay += noise[(i * w) + j] * rolledY;
                }
            }

            total += Math.Pow(ax / (h * w), 2) + Math.Pow(ay / (h * w), 2);
            if (h <= 8)
            {
                return total;
            }

            int ph = h / 2, pw = w / 2;
            var pooled = new double[ph * pw];
            for (int i = 0; i < ph; i++)
            {
                for (int j = 0; j < pw; j++)
                {
                    pooled[(i * pw) + j] = (noise[(2 * i * w) + (2 * j)] + noise[(2 * i * w) + (2 * j) + 1] + noise[(((2 * i) + 1) * w) + (2 * j)] + noise[(((2 * i) + 1) * w) + (2 * j) + 1]) / 4;
                }
            }

            (noise, h, w) = (pooled, ph, pw);
        }
    }

    /// <summary>Gaussian noise, optionally smoothed along the rows so neighbours correlate.</summary>
    private static float[] Noise(int count, int seed, bool correlated)
    {
        var random = new Random(seed);
        var values = new float[count];
        float previous = 0;
        for (int i = 0; i < count; i++)
        {
            double u = 1 - random.NextDouble();
            float n = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
            values[i] = correlated ? previous = (0.8f * previous) + (0.6f * n) : n;
        }

        return values;
    }
}
