using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Resolves symbolic non-batch input dimensions (a fully convolutional decoder's [N,4,h,w]) from the targets' size:
/// runs the model with every unknown at a base size and then each unknown alone at a larger size, reads which image
/// axis each one drives and how (size = a·s + b), solves for the target height and width, and checks the solution by
/// running it.
/// </summary>
internal static class LatentShapeResolver
{
    private static readonly (long Base, long Step)[] Trials = [(4, 8), (2, 4), (8, 16), (1, 2)];

    /// <summary>Fills the -1 entries of <paramref name="shapes"/> (input name → full shape) in place.</summary>
    public static void Resolve(ModelProto model, string image, Dictionary<string, long[]> shapes, AdaptationRequest request, List<string> changes)
    {
        var unknown = shapes.SelectMany(p => p.Value.Select((d, axis) => (Input: p.Key, Axis: axis, Dim: d))).Where(u => u.Dim < 0).Select(u => (u.Input, u.Axis)).ToArray();
        if (unknown.Length == 0)
        {
            return;
        }

        string listed = string.Join(", ", unknown.Select(u => $"'{u.Input}' axis {u.Axis}"));
        if (request.TargetSize is not { } target)
        {
            throw new ModelAdaptationException(
                $"{request.ModelName}: input dimensions {listed} are symbolic; give the input's shape per sample (GeneratorOptions.InputShapes) or the targets' size to probe it from");
        }

        using var runner = ModelRunner.Open(model, [image], request.Session, request.ModelName);
        string? lastFailure = null;
        foreach (var (first, second) in Trials)
        {
            try
            {
                var solved = Solve(runner, image, shapes, unknown, first, second, target, request.ModelName);
                foreach (var ((input, axis), value) in unknown.Zip(solved))
                {
                    shapes[input][axis] = value;
                }

                var check = Observe(runner, image, shapes);
                changes.Add($"resolved the symbolic dimensions {listed} to {string.Join(", ", solved)} by probing: the image is then [{string.Join(",", check)}]");
                return;
            }
            catch (ModelAdaptationException ex)
            {
                lastFailure = ex.Message;
            }
        }

        throw new ModelAdaptationException($"{request.ModelName}: could not resolve the symbolic input dimensions {listed} for {target.Height}×{target.Width} targets by probing ({lastFailure}); give the input's shape per sample (GeneratorOptions.InputShapes)");
    }

    private static long[] Solve(ModelRunner runner, string image, Dictionary<string, long[]> shapes, (string Input, int Axis)[] unknown, long first, long second, (long Height, long Width) target, string model)
    {
        var trial = shapes.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        foreach (var (input, axis) in unknown)
        {
            trial[input][axis] = first;
        }

        long[] baseline = Observe(runner, image, trial);
        var drives = new List<(int Unknown, int ImageAxis, double Slope, double Offset)>();
        for (int k = 0; k < unknown.Length; k++)
        {
            var (input, axis) = unknown[k];
            trial[input][axis] = second;
            long[] moved = Observe(runner, image, trial);
            trial[input][axis] = first;
            if (moved.Length != baseline.Length)
            {
                throw new ModelAdaptationException($"the image's rank changes with '{input}' axis {axis}");
            }

            var changed = Enumerable.Range(0, moved.Length).Where(a => moved[a] != baseline[a]).ToArray();
            if (changed.Length != 1)
            {
                throw new ModelAdaptationException(changed.Length == 0
                    ? $"'{input}' axis {axis} does not change the image's size"
                    : $"'{input}' axis {axis} changes several image axes ({string.Join(", ", changed)})");
            }

            double slope = (double)(moved[changed[0]] - baseline[changed[0]]) / (second - first);
            drives.Add((k, changed[0], slope, baseline[changed[0]] - (slope * first)));
        }

        var axes = drives.Select(d => d.ImageAxis).Distinct().Order().ToArray();
        if (axes.Length != drives.Count || axes.Length > 2)
        {
            throw new ModelAdaptationException("several symbolic dimensions drive the same image axis");
        }

        var solved = new long[unknown.Length];
        foreach (var drive in drives)
        {
            // Two driven axes are height then width; a single one is whichever of the two the image does not already match.
            long wanted = axes.Length == 2
                ? (drive.ImageAxis == axes[0] ? target.Height : target.Width)
                : baseline.Contains(target.Width) && !baseline.Contains(target.Height) ? target.Height : target.Width;
            double s = (wanted - drive.Offset) / drive.Slope;
            long rounded = (long)Math.Round(s);
            if (drive.Slope <= 0 || Math.Abs(s - rounded) > 1e-9 || rounded < 1)
            {
                throw new ModelAdaptationException($"no size of '{unknown[drive.Unknown].Input}' axis {unknown[drive.Unknown].Axis} makes the image {wanted} along axis {drive.ImageAxis} (size = {drive.Slope}·s + {drive.Offset})");
            }

            solved[drive.Unknown] = rounded;
            trial[unknown[drive.Unknown].Input][unknown[drive.Unknown].Axis] = rounded;
        }

        long[] reached = Observe(runner, image, trial);
        foreach (var drive in drives)
        {
            long wanted = axes.Length == 2 ? (drive.ImageAxis == axes[0] ? target.Height : target.Width) : reached[drive.ImageAxis];
            if (reached[drive.ImageAxis] != wanted || !(reached.Contains(target.Height) && reached.Contains(target.Width)))
            {
                throw new ModelAdaptationException($"the solved sizes give an image of [{string.Join(",", reached)}], not {target.Height}×{target.Width}");
            }
        }

        return solved;
    }

    private static long[] Observe(ModelRunner runner, string image, Dictionary<string, long[]> shapes)
    {
        var random = new Random(7);
        var feeds = shapes.Select(p => HostTensor.Probe(p.Key, runner.InputType(p.Key), p.Value, random)).ToArray();
        return runner.Run(feeds, [image], "probing the image size")[0].Dims;
    }
}
