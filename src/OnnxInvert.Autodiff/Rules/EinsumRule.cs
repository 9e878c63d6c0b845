using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Einsum with explicit subscripts (no ellipsis, no index repeated inside one operand), any number of operands: the
/// gradient of operand k is itself an Einsum of dY with the other operands, "out,others->k". Indices of operand k that
/// appear nowhere else (summed inside k alone, as in "ij->i") are restored by Unsqueeze and Expand.
/// </summary>
internal sealed class EinsumRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Einsum"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => true;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string equation = c.Node.GetString("equation", string.Empty);
        var (terms, output) = Parse(c, equation);
        for (int k = 0; k < terms.Length; k++)
        {
            if (!c.NeedsGrad(k))
            {
                continue;
            }

            var others = Enumerable.Range(0, terms.Length).Where(j => j != k).ToArray();
            var available = new HashSet<char>(output.Concat(others.SelectMany(j => terms[j])));
            string kept = new(terms[k].Where(available.Contains).ToArray());
            string grad;
            if (others.Length == 0 && kept == output)
            {
                grad = c.Dy;
            }
            else
            {
                string gradEquation = string.Join(",", others.Select(j => terms[j]).Prepend(output)) + "->" + kept;
                grad = e.Op("Einsum", [c.Dy, .. others.Select(c.Input)], "einsum", Attr.String("equation", gradEquation));
            }

            if (kept.Length < terms[k].Length)
            {
                long[] missing = Enumerable.Range(0, terms[k].Length).Where(i => !available.Contains(terms[k][i])).Select(i => (long)i).ToArray();
                grad = e.Op("Expand", [e.Unsqueeze(grad, missing), e.Shape(c.Input(k))], "expand");
            }

            c.SetGrad(k, grad);
        }
    }

    private static (string[] Terms, string Output) Parse(BackwardContext c, string equation)
    {
        string compact = new(equation.Where(ch => !char.IsWhiteSpace(ch)).ToArray());
        if (compact.Contains("...", StringComparison.Ordinal))
        {
            throw c.Unsupported($"equation '{equation}' uses an ellipsis; only explicit subscripts are supported");
        }

        string[] sides = compact.Split("->");
        string[] terms = sides[0].Split(',');
        if (terms.Length != c.Node.Input.Count || sides.Length > 2 || terms.Any(t => t.Length == 0 && c.Info(c.Input(Array.IndexOf(terms, t))).Rank != 0))
        {
            throw c.Unsupported($"equation '{equation}' does not match its {c.Node.Input.Count} operand(s)");
        }

        foreach (string term in terms.Append(sides.Length == 2 ? sides[1] : string.Empty))
        {
            if (term.Distinct().Count() != term.Length)
            {
                throw c.Unsupported($"equation '{equation}' repeats an index inside one term ('{term}'); diagonals are not supported");
            }

            if (term.Any(ch => !char.IsAsciiLetter(ch)))
            {
                throw c.Unsupported($"equation '{equation}' has a subscript that is not a letter");
            }
        }

        // Implicit output: the indices that appear exactly once, in alphabetical order.
        string output = sides.Length == 2 ? sides[1]
            : new(terms.SelectMany(t => t).GroupBy(ch => ch).Where(g => g.Count() == 1).Select(g => g.Key).Order().ToArray());
        return (terms, output);
    }
}
