namespace OnnxInvert.TestSupport;

/// <summary>
/// Seeded, format-blind mutations of a file's bytes for fuzz tests: bit flips, boundary bytes, truncation, deleted,
/// duplicated and inserted spans. Each mutant comes with a short description so a failure can be reproduced.
/// The same helper exists in OnnxInvert.Imaging.Tests (test projects share no code).
/// </summary>
public sealed class ByteMutator(int seed)
{
    private static readonly byte[] Boundary = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>One mutant of <paramref name="original"/>; <paramref name="focus"/> bytes at the start get most of the
    /// point mutations (the header, where parsers branch).</summary>
    public (byte[] Bytes, string Description) Mutate(byte[] original, int focus)
    {
        int Position(bool inFocus) => inFocus && focus > 0 ? _random.Next(Math.Min(focus, original.Length)) : _random.Next(original.Length);

        byte[] bytes = (byte[])original.Clone();
        bool head = _random.Next(4) != 0;
        switch (_random.Next(7))
        {
            case 0:
            {
                int flips = 1 + _random.Next(4);
                var at = new List<int>();
                for (int i = 0; i < flips; i++)
                {
                    int p = Position(head);
                    bytes[p] ^= (byte)(1 << _random.Next(8));
                    at.Add(p);
                }

                return (bytes, $"bit flips at {string.Join(",", at)}");
            }

            case 1:
            {
                int p = Position(head);
                bytes[p] = Boundary[_random.Next(Boundary.Length)];
                return (bytes, $"byte {p} = 0x{bytes[p]:X2}");
            }

            case 2:
            {
                int length = _random.Next(original.Length);
                return (original[..length], $"truncated to {length} bytes");
            }

            case 3:
            {
                int p = Position(head);
                int count = Math.Min(1 + _random.Next(64), original.Length - p);
                return ([.. original[..p], .. original[(p + count)..]], $"deleted {count} bytes at {p}");
            }

            case 4:
            {
                int p = Position(head);
                int count = Math.Min(1 + _random.Next(64), original.Length - p);
                return ([.. original[..(p + count)], .. original[p..]], $"duplicated {count} bytes at {p}");
            }

            case 5:
            {
                int p = Position(head);
                byte[] junk = new byte[1 + _random.Next(32)];
                _random.NextBytes(junk);
                return ([.. original[..p], .. junk, .. original[p..]], $"inserted {junk.Length} random bytes at {p}");
            }

            default:
            {
                int p = Position(head);
                int count = Math.Min(1 + _random.Next(16), original.Length - p);
                _random.NextBytes(bytes.AsSpan(p, count));
                return (bytes, $"randomised {count} bytes at {p}");
            }
        }
    }
}
