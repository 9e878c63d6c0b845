namespace OnnxInvert.Inversion.Constraints;

/// <summary>
/// NVIDIA's multi-scale autocorrelation penalty on noise maps, per slot: for every H×W map n of the slot, starting at
/// full size, add (mean(n ⊙ roll_x(n)))² + (mean(n ⊙ roll_y(n)))² (rolls by one pixel, circular), then stop if H ≤ 8,
/// else 2×2-average-pool n (odd edges dropped, as avg_pool2d) and repeat; the sum times the weight. Gradient per level:
/// 2·a·(n[i, j−1] + n[i, j+1])/(HW) for the x term (likewise in y), pooled levels' gradients spread back by ¼ per pixel.
/// <see cref="Project"/> renormalises each map to zero mean and unit variance (unless told not to). All scratch
/// buffers are allocated once, here; a step allocates nothing.
/// </summary>
internal sealed class NoiseMapPenalty : LatentConstraint
{
    /// <summary>The pyramid stops at maps this high or lower (NVIDIA: <c>if noise.shape[2] &lt;= 8: break</c>).</summary>
    private const int SmallestHeight = 8;

    private readonly double _weight;
    private readonly bool _renormalize;
    private readonly int _maps;
    private readonly (int Height, int Width)[] _levels;
    private readonly double[][] _values;
    private readonly double[][] _grads;

    /// <summary>A penalty for slots of <paramref name="maps"/> maps of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public NoiseMapPenalty(double weight, bool renormalize, int maps, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        _weight = weight;
        _renormalize = renormalize;
        _maps = maps;
        var levels = new List<(int, int)> { (height, width) };
        while (levels[^1].Item1 > SmallestHeight && levels[^1].Item1 >= 2 && levels[^1].Item2 >= 2)
        {
            levels.Add((levels[^1].Item1 / 2, levels[^1].Item2 / 2));
        }

        _levels = [.. levels];
        _values = _levels.Select(l => new double[l.Item1 * l.Item2]).ToArray();
        _grads = _levels.Select(l => new double[l.Item1 * l.Item2]).ToArray();
    }

    /// <summary>The map sizes of the pyramid, finest first.</summary>
    public IReadOnlyList<(int Height, int Width)> Levels => _levels;

    public override void AddPenalty(ReadOnlySpan<float> latents, Span<float> gradients, ReadOnlySpan<bool> active, int size, Span<float> penalties)
    {
        var (height, width) = _levels[0];
        int mapSize = height * width;
        if (size != _maps * mapSize)
        {
            throw new ArgumentException($"a slot holds {size} values but the noise penalty was made for {_maps} map(s) of {height}×{width}", nameof(size));
        }

        for (int s = 0; s < active.Length; s++)
        {
            penalties[s] = 0;
            if (!active[s])
            {
                continue;
            }

            double total = 0;
            for (int m = 0; m < _maps; m++)
            {
                int offset = (s * size) + (m * mapSize);
                total += Map(latents.Slice(offset, mapSize), gradients.Slice(offset, mapSize));
            }

            penalties[s] = (float)(_weight * total);
        }
    }

    public override void Project(Span<float> latent, Random random)
    {
        if (!_renormalize)
        {
            return;
        }

        int mapSize = _levels[0].Height * _levels[0].Width;
        for (int m = 0; m + mapSize <= latent.Length; m += mapSize)
        {
            var map = latent.Slice(m, mapSize);
            double mean = 0;
            foreach (float v in map)
            {
                mean += v;
            }

            mean /= mapSize;
            double squares = 0;
            foreach (float v in map)
            {
                squares += (v - mean) * (v - mean);
            }

            double scale = squares > 0 ? 1 / Math.Sqrt(squares / mapSize) : 1;
            for (int i = 0; i < map.Length; i++)
            {
                map[i] = (float)((map[i] - mean) * scale);
            }
        }
    }

    public override string ToString() =>
        FormattableString.Invariant($"{_weight}·noise autocorrelation over {_levels.Length} scale(s){(_renormalize ? ", maps renormalised" : "")}");

    private double Map(ReadOnlySpan<float> map, Span<float> gradient)
    {
        for (int i = 0; i < map.Length; i++)
        {
            _values[0][i] = map[i];
        }

        for (int k = 1; k < _levels.Length; k++)
        {
            Pool(_values[k - 1], _levels[k - 1].Width, _values[k], _levels[k]);
        }

        double penalty = 0;
        for (int k = 0; k < _levels.Length; k++)
        {
            penalty += Level(_values[k], _grads[k], _levels[k]);
        }

        // Spread each pooled level's gradient back onto the finer one, coarsest first.
        for (int k = _levels.Length - 1; k > 0; k--)
        {
            var (h, w) = _levels[k];
            int fineWidth = _levels[k - 1].Width;
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    double g = _grads[k][(i * w) + j] / 4;
                    int top = (2 * i * fineWidth) + (2 * j);
                    _grads[k - 1][top] += g;
                    _grads[k - 1][top + 1] += g;
                    _grads[k - 1][top + fineWidth] += g;
                    _grads[k - 1][top + fineWidth + 1] += g;
                }
            }
        }

        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] += (float)(_weight * _grads[0][i]);
        }

        return penalty;
    }

    /// <summary>Writes d/dn of (aₓ² + a_y²) into <paramref name="grad"/> (overwriting it) and returns aₓ² + a_y².</summary>
    private static double Level(double[] n, double[] grad, (int Height, int Width) level)
    {
        var (h, w) = level;
        double ax = 0;
        double ay = 0;
        for (int i = 0; i < h; i++)
        {
            for (int j = 0; j < w; j++)
            {
                double v = n[(i * w) + j];
                ax += v * n[(i * w) + ((j + w - 1) % w)];
                ay += v * n[(((i + h - 1) % h) * w) + j];
            }
        }

        double count = h * w;
        ax /= count;
        ay /= count;
        for (int i = 0; i < h; i++)
        {
            for (int j = 0; j < w; j++)
            {
                double sx = n[(i * w) + ((j + w - 1) % w)] + n[(i * w) + ((j + 1) % w)];
                double sy = n[(((i + h - 1) % h) * w) + j] + n[(((i + 1) % h) * w) + j];
                grad[(i * w) + j] = 2 * ((ax * sx) + (ay * sy)) / count;
            }
        }

        return (ax * ax) + (ay * ay);
    }

    private static void Pool(double[] fine, int fineWidth, double[] coarse, (int Height, int Width) level)
    {
        var (h, w) = level;
        for (int i = 0; i < h; i++)
        {
            for (int j = 0; j < w; j++)
            {
                int top = (2 * i * fineWidth) + (2 * j);
                coarse[(i * w) + j] = (fine[top] + fine[top + 1] + fine[top + fineWidth] + fine[top + fineWidth + 1]) / 4;
            }
        }
    }
}
