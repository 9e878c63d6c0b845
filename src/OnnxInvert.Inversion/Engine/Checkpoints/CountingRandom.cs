using MathNet.Numerics.Random;

namespace OnnxInvert.Inversion.Engine.Checkpoints;

/// <summary>
/// One sample's random stream: MathNet's <see cref="Xoshiro256StarStar"/> seeded as before (so every draw is the one an
/// earlier version made), counting the draws taken. MathNet exposes no generator state, so a checkpoint stores the seed
/// and <see cref="Draws"/> instead, and <see cref="Resume"/> re-creates the generator and skips that many draws: cheap
/// (a draw is a few nanoseconds; a job takes at most a few per latent value and step) and exact, because every draw
/// goes through <see cref="NextDouble"/>, which advances the generator by exactly one output whatever its value. The
/// priors and constraints draw only doubles (MathNet's Normal and ContinuousUniform samplers call NextDouble); the
/// other members of <see cref="Random"/> would take a varying number of outputs or bypass the count, so they throw.
/// </summary>
internal sealed class CountingRandom : Random
{
    private readonly Xoshiro256StarStar _inner;

    public CountingRandom(int seed)
        : base(0)
    {
        Seed = seed;
        _inner = new Xoshiro256StarStar(seed, threadSafe: false);
    }

    /// <summary>The seed the stream started from.</summary>
    public int Seed { get; }

    /// <summary>Doubles drawn since the stream started.</summary>
    public long Draws { get; private set; }

    /// <summary>The stream of <paramref name="seed"/> after <paramref name="draws"/> draws, as a checkpoint recorded it.</summary>
    public static CountingRandom Resume(int seed, long draws)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(draws);
        var random = new CountingRandom(seed);
        for (long i = 0; i < draws; i++)
        {
            random.NextDouble();
        }

        return random;
    }

    /// <inheritdoc />
    public override double NextDouble()
    {
        Draws++;
        return _inner.NextDouble();
    }

    /// <inheritdoc />
    public override int Next() => throw Unsupported(nameof(Next));

    /// <inheritdoc />
    public override int Next(int maxValue) => throw Unsupported(nameof(Next));

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue) => throw Unsupported(nameof(Next));

    /// <inheritdoc />
    public override long NextInt64() => throw Unsupported(nameof(NextInt64));

    /// <inheritdoc />
    public override long NextInt64(long maxValue) => throw Unsupported(nameof(NextInt64));

    /// <inheritdoc />
    public override long NextInt64(long minValue, long maxValue) => throw Unsupported(nameof(NextInt64));

    /// <inheritdoc />
    public override float NextSingle() => throw Unsupported(nameof(NextSingle));

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer) => throw Unsupported(nameof(NextBytes));

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer) => throw Unsupported(nameof(NextBytes));

    /// <inheritdoc />
    protected override double Sample() => NextDouble();

    private static NotSupportedException Unsupported(string member) =>
        new($"a sample's random stream gives only NextDouble draws (counted, so a checkpoint can replay it); {member} is not supported");
}
