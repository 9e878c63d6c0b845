namespace OnnxInvert.Inversion.Engine;

/// <summary>Derives the seed of one sample's random stream from the run's seed, the image index and the restart (SplitMix64 finaliser), so draws do not depend on batching.</summary>
internal static class SeedMixer
{
    public static int Mix(int seed, int index, int restart)
    {
        ulong x = ((ulong)(uint)seed << 32) ^ ((ulong)(uint)index * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)restart << 48) ^ 0xD1B54A32D192ED03UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (int)(x & 0x7FFFFFFF);
    }
}
