using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// DepthToSpace (DCR and CRD) and SpaceToDepth: both are a reshape–transpose–reshape, so the gradient applies the
/// inverse permutation in the same way. The batch stays symbolic (-1 in the reshapes).
/// </summary>
internal sealed class DepthToSpaceRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["DepthToSpace", "SpaceToDepth"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        long b = c.Node.GetInt("blocksize", 0);
        var x = c.Info(c.Input(0));
        if (x.Rank != 4 || b <= 0)
        {
            throw c.Unsupported("only 4-D inputs with a positive blocksize are supported");
        }

        if (c.Node.OpType == "DepthToSpace")
        {
            // Forward: x [N, C·b·b, H, W] -> y [N, C, H·b, W·b]. Gradient: dy -> [N, C, H, b, W, b] -> permute -> [N, C·b·b, H, W].
            long cOut = x.Dims[1] / (b * b);
            long h = x.Dims[2];
            long w = x.Dims[3];
            string split = e.Reshape(c.Dy, -1, cOut, h, b, w, b);
            bool crd = c.Node.GetString("mode", "DCR") == "CRD";
            // DCR channel order is (b1, b2, C); CRD is (C, b1, b2).
            string permuted = crd ? e.Transpose(split, 0, 1, 3, 5, 2, 4) : e.Transpose(split, 0, 3, 5, 1, 2, 4);
            c.SetGrad(0, e.Reshape(permuted, -1, x.Dims[1], h, w));
        }
        else
        {
            // Forward: x [N, C, H·b, W·b] -> y [N, C·b·b, H, W] with channel order (b1, b2, C). Gradient is DepthToSpace DCR.
            c.SetGrad(0, e.Op("DepthToSpace", [c.Dy], "depth_to_space", Onnx.Building.Attr.Int("blocksize", b), Onnx.Building.Attr.String("mode", "DCR")));
        }
    }
}
