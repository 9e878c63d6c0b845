using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Tests.Rules;

/// <summary>One small model per rule and attribute combination, for the finite-difference checks.</summary>
internal static class RuleCases
{
    public static readonly IReadOnlyDictionary<string, Func<OpModel>> All = Build();

    private static Dictionary<string, Func<OpModel>> Build()
    {
        var cases = new Dictionary<string, Func<OpModel>>();
        void Add(string name, Func<OpModel> make) => cases.Add(name, make);
        OpModel X(long opset, params long[] dims) => new OpModel(opset).Latent("x", dims);

        // Element-wise unary.
        foreach (string op in new[] { "Neg", "Abs", "Exp", "Relu", "Tanh", "Sigmoid", "Softplus", "Softsign", "Erf", "Sin", "Cos", "Identity" })
        {
            Add(op, () => X(17, 3, 4).Node(op, ["x"], "y"));
        }

        Add("Log", () => X(17, 3, 4).Node("Mul", ["x", "x"], "sq").Floats("half", [0.5f]).Node("Add", ["sq", "half"], "pos").Node("Log", ["pos"], "y"));
        Add("Sqrt", () => X(17, 3, 4).Node("Mul", ["x", "x"], "sq").Floats("half", [0.5f]).Node("Add", ["sq", "half"], "pos").Node("Sqrt", ["pos"], "y"));
        Add("Reciprocal", () => X(17, 3, 4).Node("Mul", ["x", "x"], "sq").Floats("half", [0.5f]).Node("Add", ["sq", "half"], "pos").Node("Reciprocal", ["pos"], "y"));
        Add("LeakyRelu", () => X(17, 3, 4).Node("LeakyRelu", ["x"], "y", Attr.Float("alpha", 0.2f)));
        Add("Elu", () => X(17, 3, 4).Node("Elu", ["x"], "y", Attr.Float("alpha", 0.7f)));
        Add("Selu", () => X(17, 3, 4).Node("Selu", ["x"], "y"));
        Add("Celu", () => X(17, 3, 4).Node("Celu", ["x"], "y", Attr.Float("alpha", 1.5f)));
        Add("HardSigmoid", () => X(17, 3, 4).Node("HardSigmoid", ["x"], "y", Attr.Float("alpha", 0.4f), Attr.Float("beta", 0.6f)));
        Add("Dropout_inference", () => X(17, 3, 4).Node("Dropout", ["x"], "y"));
        Add("Clip_inputs", () => X(17, 3, 4).Floats("lo", [-0.3f]).Floats("hi", [0.4f]).Node("Clip", ["x", "lo", "hi"], "y"));
        Add("Clip_attributes_opset6", () => X(6 + 3, 3, 4).Node("Clip", ["x"], "y", Attr.Float("min", -0.3f), Attr.Float("max", 0.4f)));
        Add("Softmax_opset13", () => X(13, 3, 4).Node("Softmax", ["x"], "y", Attr.Int("axis", 1)));
        Add("Softmax_opset11_coerced", () => X(11, 3, 4).Node("Softmax", ["x"], "y", Attr.Int("axis", 1)));
        Add("LogSoftmax", () => X(17, 5).Node("LogSoftmax", ["x"], "y"));
        Add("Cast_float_to_double", () => X(17, 3).Node("Cast", ["x"], "d", Attr.Int("to", 11)).Node("Cast", ["d"], "y", Attr.Int("to", 1)));

        // Broadcasting binary and variadic.
        Add("Add_broadcast_constant", () => X(17, 3, 4).Random("b", [4]).Node("Add", ["x", "b"], "y"));
        Add("Sub_two_latents_broadcast", () => X(17, 3, 1).Latent("w", 1, 4).Node("Sub", ["x", "w"], "y"));
        Add("Mul_two_latents_broadcast", () => X(17, 3, 1).Latent("w", 1, 4).Node("Mul", ["x", "w"], "y"));
        Add("Mul_same_tensor_twice", () => X(17, 3).Node("Mul", ["x", "x"], "y"));
        Add("Div_latent_denominator", () => X(17, 3).Random("a", [3]).Node("Mul", ["x", "x"], "sq").Floats("one", [1f]).Node("Add", ["sq", "one"], "d").Node("Div", ["a", "d"], "y"));
        Add("Div_broadcast_rank", () => X(17, 2, 3).FixedLatent("w", 3).Node("Exp", ["w"], "ew").Node("Div", ["x", "ew"], "y"));
        Add("Pow_constant_exponent", () => X(17, 3).Node("Exp", ["x"], "e").Floats("p", [2.5f]).Node("Pow", ["e", "p"], "y"));
        Add("Pow_latent_exponent", () => X(17, 3).Floats("base", [1.5f, 2f, 0.7f], 3).Node("Pow", ["base", "x"], "y"));
        Add("Sum_three", () => X(17, 3).Latent("w", 3).Random("c", [3]).Node("Sum", ["x", "w", "c"], "y"));
        Add("Mean_broadcast", () => X(17, 2, 3).Latent("w", 1, 3).Node("Mean", ["x", "w"], "y"));
        Add("PRelu_per_channel", () => X(17, 3, 2, 2).Random("slope", [3, 1, 1]).Node("PRelu", ["x", "slope"], "y"));
        Add("PRelu_slope_latent", () => X(17, 3, 2, 2).FixedLatent("slope", 3, 1, 1).Node("PRelu", ["x", "slope"], "y"));
        Add("Where", () => X(17, 4).Latent("w", 4).Node("Greater", ["x", "w"], "c").Node("Where", ["c", "x", "w"], "y"));

        // Matrix products.
        Add("MatMul_2d", () => X(17, 3).Random("w", [3, 5]).Node("MatMul", ["x", "w"], "y"));
        Add("MatMul_batched_broadcast_weight", () => X(17, 2, 3).Random("w", [3, 4]).Node("MatMul", ["x", "w"], "y"));
        Add("MatMul_weight_latent", () => X(17, 2, 3).FixedLatent("w", 3, 4).Node("MatMul", ["x", "w"], "y"));
        Add("MatMul_vector_right", () => X(17, 2, 3).Random("w", [3]).Node("MatMul", ["x", "w"], "y"));
        Add("MatMul_vector_left", () => new OpModel(17).FixedLatent("v", 3).Latent("x", 3, 4).Node("MatMul", ["v", "x"], "y"));
        foreach (var (ta, tb) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            Add($"Gemm_transA{ta}_transB{tb}", () =>
            {
                var m = new OpModel(17);
                m = ta == 0 ? m.Latent("a", 3) : m.FixedLatent("a", 3, 2);
                return m.FixedLatent("b", tb == 0 ? [3, 4] : [4, 3]).Random("c", [4])
                    .Node("Gemm", ["a", "b", "c"], "y", Attr.Float("alpha", 0.7f), Attr.Float("beta", 1.3f), Attr.Int("transA", ta), Attr.Int("transB", tb));
            });
        }

        Add("Gemm_bias_latent", () => X(17, 3).Random("w", [4, 3]).FixedLatent("c", 1, 4).Node("Gemm", ["x", "w", "c"], "y", Attr.Int("transB", 1)));

        AddExporterOps(Add, X);
        AddConvolutions(Add, X);
        AddNormalizations(Add, X);
        AddShapes(Add, X);
        AddResampling(Add, X);
        AddReductionsAndPools(Add, X);
        return cases;
    }

    private static void AddExporterOps(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        // Activations of newer opsets; the inputs are spread so that every piece of a piecewise derivative is sampled.
        OpModel Spread(long opset, float by) => x(opset, [3, 4]).Floats("spread", [by]).Node("Mul", ["x", "spread"], "s");
        add("HardSwish_opset14", () => Spread(14, 2.5f).Node("HardSwish", ["s"], "y"));
        add("Mish_opset18", () => Spread(18, 2f).Node("Mish", ["s"], "y"));
        add("Gelu_opset20_exact", () => Spread(20, 2f).Node("Gelu", ["s"], "y"));
        add("Gelu_opset20_tanh", () => Spread(20, 2f).Node("Gelu", ["s"], "y", Attr.String("approximate", "tanh")));
        add("ThresholdedRelu", () => Spread(17, 2f).Node("ThresholdedRelu", ["s"], "y", Attr.Float("alpha", 0.3f)));
        foreach (string op in new[] { "Tan", "Atan", "Sinh", "Cosh", "Asinh" })
        {
            add(op, () => Spread(17, 0.5f).Node(op, ["s"], "y"));
        }

        foreach (string op in new[] { "Asin", "Acos", "Atanh" })
        {
            add(op, () => Spread(17, 0.5f).Node("Tanh", ["s"], "t").Node(op, ["t"], "y"));
        }

        add("Acosh", () => x(17, [3, 4]).Node("Mul", ["x", "x"], "sq").Floats("c", [1.5f]).Node("Add", ["sq", "c"], "a").Node("Acosh", ["a"], "y"));

        // Element-wise extremes (ties split evenly: Max(x, x) passes the whole gradient).
        add("Max_three_broadcast", () => x(17, [3, 1]).Latent("w", 1, 4).Random("c", [4]).Node("Max", ["x", "w", "c"], "y"));
        add("Min_two_latents", () => x(17, [3, 4]).Latent("w", 3, 4).Node("Min", ["x", "w"], "y"));
        add("Max_same_tensor_twice_tie", () => x(17, [4]).Node("Max", ["x", "x"], "y"));
        add("Min_single_operand", () => x(17, [4]).Node("Min", ["x"], "y"));

        // Reductions beyond sums and means.
        add("ReduceL1_opset17_attribute", () => x(17, [3, 4]).Node("ReduceL1", ["x"], "y", Attr.Ints("axes", 2)));
        add("ReduceL2_opset18_input_keepdims0", () => x(18, [3, 4]).Ints("ax", [1, 2], 2).Node("ReduceL2", ["x", "ax"], "y", Attr.Int("keepdims", 0)));
        add("ReduceMax_opset18_input", () => x(18, [3, 4]).Ints("ax", [-1], 1).Node("ReduceMax", ["x", "ax"], "y", Attr.Int("keepdims", 0)));
        add("ReduceMin_opset13_attribute", () => x(13, [3, 4]).Node("ReduceMin", ["x"], "y", Attr.Ints("axes", 1)));
        add("ReduceMax_tie", () => x(17, [3]).Node("Concat", ["x", "x"], "xx", Attr.Int("axis", 1)).Node("ReduceMax", ["xx"], "y", Attr.Ints("axes", 1)));
        add("ReduceLogSumExp_opset17_attribute", () => x(17, [3, 4]).Node("ReduceLogSumExp", ["x"], "y", Attr.Ints("axes", 2), Attr.Int("keepdims", 0)));
        add("ReduceLogSumExp_opset18_input", () => x(18, [3, 4]).Ints("ax", [1], 1).Node("ReduceLogSumExp", ["x", "ax"], "y"));
        add("ReduceLogSum", () => x(18, [3, 4]).Node("Mul", ["x", "x"], "sq").Floats("c", [0.5f]).Node("Add", ["sq", "c"], "p").Ints("ax", [2], 1).Node("ReduceLogSum", ["p", "ax"], "y"));

        // What torch.flip and torch.gather export, running sums, Einsum.
        add("Slice_negative_step_flip", () => x(17, [5, 6]).Ints("s", [-1], 1).Ints("e", [-long.MaxValue], 1).Ints("ax", [2], 1).Ints("st", [-1], 1).Node("Slice", ["x", "s", "e", "ax", "st"], "y"));
        add("Slice_negative_steps_mixed", () => x(17, [5, 6, 4]).Ints("s", [4, 1, 3], 3).Ints("e", [0, 5, -100], 3).Ints("ax", [1, 2, 3], 3).Ints("st", [-2, 1, -3], 3).Node("Slice", ["x", "s", "e", "ax", "st"], "y"));
        add("GatherElements_repeated_indices", () => new OpModel(17).FixedLatent("x", 3, 4).Ints("i", [0, 0, 3, 1, 2, 2], 3, 2).Node("GatherElements", ["x", "i"], "y", Attr.Int("axis", 1)));
        add("GatherElements_runtime_indices_axis0", () => new OpModel(17).FixedLatent("x", 3, 4).Random("c", [3, 4]).Node("ArgMax", ["c"], "i", Attr.Int("axis", 0)).Node("GatherElements", ["x", "i"], "y"));
        add("CumSum", () => x(17, [3, 4]).Ints("ax", [2], []).Node("CumSum", ["x", "ax"], "y"));
        add("CumSum_reverse_exclusive", () => x(17, [3, 4]).Ints("ax", [1], []).Node("CumSum", ["x", "ax"], "y", Attr.Int("reverse", 1), Attr.Int("exclusive", 1)));
        add("Einsum_batched_matmul_two_latents", () => x(17, [3, 4]).FixedLatent("w", 4, 5).Node("Einsum", ["x", "w"], "y", Attr.String("equation", "bij,jk->bik")));
        add("Einsum_transpose", () => x(17, [3, 4]).Node("Einsum", ["x"], "y", Attr.String("equation", "bij->bji")));
        add("Einsum_reduce_inside_operand", () => x(17, [3, 4]).Random("v", [5]).Node("Einsum", ["x", "v"], "y", Attr.String("equation", "bij, k -> bik")));
        add("Einsum_implicit_output", () => new OpModel(17).FixedLatent("a", 2, 3).FixedLatent("b", 3, 4).Node("Einsum", ["a", "b"], "y", Attr.String("equation", "ij,jk")));
        add("Einsum_three_operands", () => x(17, [3]).Random("m", [3, 4]).FixedLatent("v", 4).Node("Einsum", ["x", "m", "v"], "y", Attr.String("equation", "bi,ij,j->b")));
    }

    private static void AddConvolutions(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        add("Conv_basic", () => x(17, [2, 5, 5]).Random("w", [3, 2, 3, 3]).Random("b", [3]).Node("Conv", ["x", "w", "b"], "y"));
        add("Conv_stride2_pad1", () => x(17, [2, 6, 7]).Random("w", [3, 2, 3, 3]).Node("Conv", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)));
        add("Conv_asymmetric_pads_dilation", () => x(17, [2, 7, 6]).Random("w", [2, 2, 3, 2]).Node("Conv", ["x", "w"], "y", Attr.Ints("dilations", 2, 1), Attr.Ints("pads", 2, 0, 1, 1), Attr.Ints("strides", 1, 2)));
        add("Conv_groups", () => x(17, [4, 5, 5]).Random("w", [6, 2, 3, 3]).Node("Conv", ["x", "w"], "y", Attr.Int("group", 2)));
        add("Conv_depthwise", () => x(17, [3, 5, 5]).Random("w", [3, 1, 3, 3]).Node("Conv", ["x", "w"], "y", Attr.Int("group", 3), Attr.Ints("pads", 1, 1, 1, 1)));
        add("Conv_auto_pad_same_upper_stride2", () => x(17, [2, 7, 7]).Random("w", [2, 2, 4, 4]).Node("Conv", ["x", "w"], "y", Attr.String("auto_pad", "SAME_UPPER"), Attr.Ints("strides", 2, 2)));
        add("Conv_auto_pad_same_lower", () => x(17, [2, 6, 6]).Random("w", [2, 2, 4, 4]).Node("Conv", ["x", "w"], "y", Attr.String("auto_pad", "SAME_LOWER")));
        add("Conv_auto_pad_valid", () => x(17, [2, 6, 6]).Random("w", [2, 2, 3, 3]).Node("Conv", ["x", "w"], "y", Attr.String("auto_pad", "VALID"), Attr.Ints("strides", 2, 2)));
        add("Conv_1d", () => x(17, [2, 9]).Random("w", [3, 2, 3]).Node("Conv", ["x", "w"], "y", Attr.Ints("strides", 2), Attr.Ints("pads", 1, 0)));
        add("Conv_weight_latent", () => x(17, [2, 5, 5]).FixedLatent("w", 3, 2, 3, 3).Node("Conv", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)));
        add("Conv_weight_latent_groups_dilated", () => x(17, [4, 7, 7]).FixedLatent("w", 4, 2, 2, 2).Node("Conv", ["x", "w"], "y", Attr.Int("group", 2), Attr.Ints("dilations", 2, 2), Attr.Ints("strides", 2, 1)));
        add("Conv_stride1_dilated_asymmetric_pads", () => x(17, [2, 7, 6]).Random("w", [2, 2, 3, 2]).Node("Conv", ["x", "w"], "y", Attr.Ints("dilations", 2, 1), Attr.Ints("pads", 2, 0, 1, 1)));
        add("Conv_stride1_groups_dilated_weight_latent", () => x(17, [4, 7, 7]).FixedLatent("w", 4, 2, 2, 2).Node("Conv", ["x", "w"], "y", Attr.Int("group", 2), Attr.Ints("dilations", 2, 2), Attr.Ints("pads", 1, 2, 0, 1)));
        add("Conv_stride1_3d", () => x(17, [2, 4, 4, 3]).Random("w", [2, 2, 3, 3, 2]).Node("Conv", ["x", "w"], "y", Attr.Ints("pads", 1, 1, 0, 1, 1, 1)));
        add("Conv_stride1_1d_one_output_channel", () => x(17, [3, 9]).Random("w", [1, 3, 5]).Node("Conv", ["x", "w"], "y", Attr.Ints("pads", 2, 2)));
        add("Conv_stride1_pad_wider_than_kernel", () => x(17, [2, 4, 4]).Random("w", [3, 2, 1, 1]).Node("Conv", ["x", "w"], "y", Attr.Ints("pads", 1, 0, 1, 2)));
        add("Conv_bias_latent", () => x(17, [2, 4, 4]).Random("w", [3, 2, 3, 3]).FixedLatent("b", 3).Node("Conv", ["x", "w", "b"], "y"));

        add("ConvTranspose_basic", () => x(17, [2, 3, 3]).Random("w", [2, 3, 3, 3]).Random("b", [3]).Node("ConvTranspose", ["x", "w", "b"], "y"));
        add("ConvTranspose_dcgan_k4s2p1", () => x(17, [3, 4, 4]).Random("w", [3, 2, 4, 4]).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)));
        add("ConvTranspose_output_padding_dilation", () => x(17, [2, 3, 4]).Random("w", [2, 2, 3, 3]).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 3, 2), Attr.Ints("output_padding", 2, 1), Attr.Ints("dilations", 1, 2), Attr.Ints("pads", 0, 1, 1, 0)));
        add("ConvTranspose_groups", () => x(17, [4, 3, 3]).Random("w", [4, 3, 3, 3]).Node("ConvTranspose", ["x", "w"], "y", Attr.Int("group", 2), Attr.Ints("strides", 2, 2)));
        add("ConvTranspose_output_shape", () => x(17, [2, 3, 3]).Random("w", [2, 2, 3, 3]).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("output_shape", 6, 7)));
        add("ConvTranspose_auto_pad_same_upper", () => x(17, [2, 3, 3]).Random("w", [2, 2, 4, 4]).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.String("auto_pad", "SAME_UPPER")));
        add("ConvTranspose_weight_latent", () => x(17, [2, 3, 3]).FixedLatent("w", 2, 3, 4, 4).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 2, 2), Attr.Ints("pads", 1, 1, 1, 1)));
        add("ConvTranspose_weight_latent_groups", () => x(17, [4, 3, 3]).FixedLatent("w", 4, 1, 3, 3).Node("ConvTranspose", ["x", "w"], "y", Attr.Int("group", 2), Attr.Ints("strides", 2, 2), Attr.Ints("output_padding", 1, 1)));
        add("ConvTranspose_1d", () => x(17, [2, 5]).Random("w", [2, 3, 4]).Node("ConvTranspose", ["x", "w"], "y", Attr.Ints("strides", 2), Attr.Ints("pads", 1, 1)));
    }

    private static void AddNormalizations(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        OpModel Bn(OpModel m, long c) => m.Random("scale", [c], 0.5, 1.5).Random("bias", [c]).Random("mean", [c], -0.2, 0.2).Random("var", [c], 0.5, 1.5);
        add("BatchNormalization_running_stats", () => Bn(x(17, [3, 4, 4]), 3).Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], "y", Attr.Float("epsilon", 1e-3f)));
        add("BatchNormalization_running_stats_1d", () => Bn(x(17, [5]), 5).Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], "y"));
        add("BatchNormalization_batch_stats_training_mode", () => Bn(x(15, [3, 4, 4]), 3)
            .Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y", "running_mean", "running_var"], Attr.Int("training_mode", 1)));
        add("BatchNormalization_batch_stats_1d", () => Bn(x(15, [6]), 6)
            .Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], ["y", "running_mean", "running_var"], Attr.Int("training_mode", 1), Attr.Float("momentum", 0.9f)));
        add("BatchNormalization_scale_latent", () => x(17, [3, 2, 2]).FixedLatent("scale", 3).Random("bias", [3]).Random("mean", [3]).Random("var", [3], 0.5, 1)
            .Node("BatchNormalization", ["x", "scale", "bias", "mean", "var"], "y"));
        add("InstanceNormalization", () => x(17, [3, 4, 5]).Random("scale", [3], 0.5, 1.5).Random("bias", [3]).Node("InstanceNormalization", ["x", "scale", "bias"], "y"));
        add("InstanceNormalization_scale_latent", () => x(17, [3, 4, 5]).FixedLatent("scale", 3).Random("bias", [3]).Node("InstanceNormalization", ["x", "scale", "bias"], "y"));
        add("LayerNormalization_last_axis", () => x(17, [3, 6]).Random("scale", [6], 0.5, 1.5).Random("bias", [6]).Node("LayerNormalization", ["x", "scale", "bias"], "y"));
        add("LayerNormalization_axis1", () => x(17, [2, 3, 4]).Random("scale", [2, 3, 4], 0.5, 1.5).Node("LayerNormalization", ["x", "scale"], "y", Attr.Int("axis", 1)));
        add("GroupNormalization_opset21", () => x(21, [4, 3, 3]).Random("scale", [4], 0.5, 1.5).Random("bias", [4]).Node("GroupNormalization", ["x", "scale", "bias"], "y", Attr.Int("num_groups", 2)));
        add("GroupNormalization_opset18", () => x(18, [4, 3, 3]).Random("scale", [2], 0.5, 1.5).Random("bias", [2]).Node("GroupNormalization", ["x", "scale", "bias"], "y", Attr.Int("num_groups", 2)));
    }

    private static void AddShapes(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        add("Reshape", () => x(17, [2, 6]).Ints("shape", [0, 3, 4], 3).Node("Reshape", ["x", "shape"], "r").Node("Tanh", ["r"], "y"));
        add("Flatten", () => x(17, [2, 3, 2]).Node("Flatten", ["x"], "y", Attr.Int("axis", 2)));
        add("Transpose", () => x(17, [2, 3, 4]).Node("Transpose", ["x"], "y", Attr.Ints("perm", 0, 3, 1, 2)));
        add("Squeeze_opset13", () => x(13, [1, 3]).Ints("axes", [1], 1).Node("Squeeze", ["x", "axes"], "y"));
        add("Squeeze_opset11", () => x(11, [1, 3]).Node("Squeeze", ["x"], "y", Attr.Ints("axes", 1)));
        add("Unsqueeze_opset13", () => x(13, [3]).Ints("axes", [1, 3], 2).Node("Unsqueeze", ["x", "axes"], "y"));
        add("Unsqueeze_opset11", () => x(11, [3]).Node("Unsqueeze", ["x"], "y", Attr.Ints("axes", 2)));
        add("Concat_latent_twice", () => x(17, [2, 3]).Node("Tanh", ["x"], "t").Node("Concat", ["x", "t", "x"], "y", Attr.Int("axis", 1)).Node("Mul", ["y", "y"], "z"));
        add("Split_opset13_uneven", () => x(13, [5, 2]).Ints("split", [2, 3], 2).Node("Split", ["x", "split"], ["a", "b"], Attr.Int("axis", 1)).Node("Mul", ["b", "b"], "y"));
        add("Split_opset11_both_used", () => x(11, [4]).Node("Split", ["x"], ["a", "b"], Attr.Int("axis", 1)).Node("Mul", ["a", "b"], "y"));
        add("Slice_negative_indices", () => x(17, [5, 6]).Ints("s", [1, -4], 2).Ints("e", [-1, 100], 2).Ints("ax", [1, 2], 2).Node("Slice", ["x", "s", "e", "ax"], "y"));
        add("Slice_steps", () => x(17, [7, 5]).Ints("s", [1, 0], 2).Ints("e", [7, 5], 2).Ints("ax", [1, 2], 2).Ints("st", [2, 3], 2).Node("Slice", ["x", "s", "e", "ax", "st"], "y"));
        add("Slice_opset9_attributes", () => x(9, [5]).Node("Slice", ["x"], "y", Attr.Ints("starts", 1), Attr.Ints("ends", 3), Attr.Ints("axes", 1)));
        add("Gather_1d_repeated", () => x(17, [4, 3]).Ints("i", [2, 0, 2], 3).Node("Gather", ["x", "i"], "y", Attr.Int("axis", 1)));
        add("Gather_scalar_negative", () => x(17, [4, 3]).Ints("i", [-1], []).Node("Gather", ["x", "i"], "y", Attr.Int("axis", 2)));
        add("Pad_constant_opset11", () => x(11, [3, 3]).Ints("p", [0, 1, 2, 0, 2, 1], 6).Node("Pad", ["x", "p"], "y"));
        add("Pad_negative_crop", () => x(17, [4, 4]).Ints("p", [0, -1, 2, 0, 1, -2], 6).Node("Pad", ["x", "p"], "y"));
        add("Pad_reflect", () => x(17, [2, 4, 5]).Ints("p", [0, 0, 2, 1, 0, 0, 3, 2], 8).Node("Pad", ["x", "p"], "y", Attr.String("mode", "reflect")));
        add("Pad_edge", () => x(17, [2, 3, 3]).Ints("p", [0, 0, 2, 0, 0, 0, 1, 3], 8).Node("Pad", ["x", "p"], "y", Attr.String("mode", "edge")));
        add("Pad_opset2_attribute", () => x(10, [3]).Node("Pad", ["x"], "y", Attr.Ints("pads", 0, 1, 0, 2)));
        add("Expand", () => x(17, [3, 1]).Ints("s", [1, 3, 4], 3).Node("Expand", ["x", "s"], "y"));
        add("Tile", () => x(17, [2, 3]).Ints("r", [1, 2, 3], 3).Node("Tile", ["x", "r"], "y"));
        add("DepthToSpace_DCR", () => x(17, [8, 2, 3]).Node("DepthToSpace", ["x"], "y", Attr.Int("blocksize", 2), Attr.String("mode", "DCR")));
        add("DepthToSpace_CRD", () => x(17, [8, 2, 3]).Node("DepthToSpace", ["x"], "y", Attr.Int("blocksize", 2), Attr.String("mode", "CRD")));
        add("SpaceToDepth", () => x(17, [2, 4, 6]).Node("SpaceToDepth", ["x"], "y", Attr.Int("blocksize", 2)));
        add("Constant_in_path", () => x(17, [3]).Node("Constant", [], "k", Attr.Tensor("value", TensorFactory.Float("k", [0.5f, 2f, -1f], 3))).Node("Mul", ["x", "k"], "y"));
    }

    private static void AddResampling(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        foreach (string coordinate in new[] { "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric" })
        {
            add($"Resize_linear_{coordinate}", () => x(17, [2, 3, 4]).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 1.5f], 4)
                .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", coordinate)));
            add($"Resize_cubic_{coordinate}", () => x(17, [1, 4, 4]).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 2], 4)
                .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "cubic"), Attr.String("coordinate_transformation_mode", coordinate)));
        }

        foreach (string nearest in new[] { "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" })
        {
            add($"Resize_nearest_{nearest}_half_pixel", () => x(17, [2, 3, 5]).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 1.6f], 4)
                .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("nearest_mode", nearest)));
        }

        add("Resize_nearest_asymmetric_floor_x2", () => x(17, [2, 3, 3]).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 2], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor")));
        add("Resize_nearest_repeat_rank5_mixed", () => x(17, [2, 2, 3, 2]).Floats("roi", [], 0).Floats("sc", [1, 1, 2, 3, 1.5f], 5)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor")));
        add("Resize_nearest_repeat_channels", () => x(17, [2, 3, 2]).Floats("roi", [], 0).Floats("sc", [1, 3, 1, 2], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor")));
        add("Resize_nearest_sizes_downsample", () => x(17, [2, 7, 9]).Floats("roi", [], 0).Floats("sc", [], 0).Ints("sz", [2, 2, 4, 5], 4)
            .Node("Resize", ["x", "roi", "sc", "sz"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "asymmetric"), Attr.String("nearest_mode", "floor")));
        add("Resize_linear_sizes_pytorch", () => new OpModel(17).FixedLatent("x", 2, 2, 3, 3).Floats("roi", [], 0).Floats("sc", [], 0).Ints("sz", [2, 2, 10, 14], 4)
            .Node("Resize", ["x", "roi", "sc", "sz"], "y", Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", "pytorch_half_pixel")));
        add("Resize_cubic_exclude_outside", () => x(17, [1, 4, 4]).Floats("roi", [], 0).Floats("sc", [1, 1, 1.5f, 2], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "cubic"), Attr.Int("exclude_outside", 1), Attr.Float("cubic_coeff_a", -0.5f)));
        add("Resize_nearest_tf_half_pixel_for_nn", () => x(17, [2, 3, 4]).Floats("roi", [], 0).Floats("sc", [1, 1, 1.5f, 2.5f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "nearest"), Attr.String("coordinate_transformation_mode", "tf_half_pixel_for_nn")));
        add("Resize_linear_half_pixel_symmetric_opset19", () => x(19, [2, 3, 4]).Floats("roi", [], 0).Floats("sc", [1, 1, 1.7f, 2.5f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", "half_pixel_symmetric")));
        add("Resize_linear_downsample", () => x(17, [2, 8, 9]).Floats("roi", [], 0).Floats("sc", [1, 1, 0.5f, 0.6f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear")));
        // Opset 18 antialias: down-sampling widens the filter by in/out (bilinear and bicubic, edge taps folded or excluded).
        add("Resize_linear_antialias_downsample", () => x(18, [2, 9, 11]).Floats("roi", [], 0).Floats("sc", [1, 1, 0.5f, 0.4f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"), Attr.Int("antialias", 1)));
        add("Resize_cubic_antialias_downsample", () => x(18, [1, 10, 9]).Floats("roi", [], 0).Floats("sc", [1, 1, 0.5f, 0.34f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "cubic"), Attr.Int("antialias", 1)));
        add("Resize_cubic_antialias_exclude_outside", () => x(18, [2, 12, 7]).Floats("roi", [], 0).Floats("sc", [1, 1, 0.42f, 0.43f], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "cubic"), Attr.Int("antialias", 1), Attr.Int("exclude_outside", 1), Attr.Float("cubic_coeff_a", -0.5f)));
        add("Resize_linear_antialias_pytorch_half_pixel_mixed", () => x(18, [2, 8, 3]).Floats("roi", [], 0).Floats("sc", [1, 1, 0.375f, 2], 4)
            .Node("Resize", ["x", "roi", "sc"], "y", Attr.String("mode", "linear"), Attr.Int("antialias", 1), Attr.String("coordinate_transformation_mode", "pytorch_half_pixel")));
        add("Resize_opset10", () => x(10, [2, 3, 3]).Floats("sc", [1, 1, 2, 2], 4).Node("Resize", ["x", "sc"], "y", Attr.String("mode", "linear")));
        add("Upsample_opset9_nearest", () => x(9, [2, 3, 3]).Floats("sc", [1, 1, 2, 3], 4).Node("Upsample", ["x", "sc"], "y"));
        add("Upsample_opset9_linear", () => x(9, [2, 3, 3]).Floats("sc", [1, 1, 2, 2], 4).Node("Upsample", ["x", "sc"], "y", Attr.String("mode", "linear")));
    }

    private static void AddReductionsAndPools(Action<string, Func<OpModel>> add, Func<long, long[], OpModel> x)
    {
        add("ReduceSum_opset13_keepdims0", () => x(13, [3, 4]).Ints("ax", [2], 1).Node("ReduceSum", ["x", "ax"], "y", Attr.Int("keepdims", 0)));
        add("ReduceSum_opset11_attribute", () => x(11, [3, 4]).Node("ReduceSum", ["x"], "y", Attr.Ints("axes", 1)));
        add("ReduceMean_opset17_attribute", () => x(17, [3, 4]).Node("ReduceMean", ["x"], "y", Attr.Ints("axes", 1, 2), Attr.Int("keepdims", 0)));
        add("ReduceMean_opset18_input_over_batch", () => x(18, [3, 4]).Ints("ax", [0, 2], 2).Node("ReduceMean", ["x", "ax"], "m").Node("Sub", ["x", "m"], "y"));
        add("ReduceMean_all_axes", () => x(17, [3]).Node("ReduceMean", ["x"], "m").Node("Mul", ["x", "m"], "y"));
        add("ReduceSumSquare", () => x(17, [3, 4]).Node("ReduceSumSquare", ["x"], "y", Attr.Ints("axes", 2)));
        add("AveragePool_basic", () => x(17, [2, 4, 4]).Node("AveragePool", ["x"], "y", Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2)));
        add("AveragePool_pads_exclude", () => x(17, [2, 5, 5]).Node("AveragePool", ["x"], "y", Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1), Attr.Ints("strides", 2, 2)));
        add("AveragePool_pads_include", () => x(17, [2, 5, 5]).Node("AveragePool", ["x"], "y", Attr.Ints("kernel_shape", 3, 3), Attr.Ints("pads", 1, 1, 1, 1), Attr.Int("count_include_pad", 1)));
        add("AveragePool_ceil_mode", () => x(17, [2, 5, 5]).Node("AveragePool", ["x"], "y", Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2), Attr.Int("ceil_mode", 1)));
        add("GlobalAveragePool", () => x(17, [3, 4, 5]).Node("GlobalAveragePool", ["x"], "y"));
        add("MaxPool_non_overlapping_opset12", () => x(12, [2, 4, 4]).Node("MaxPool", ["x"], "y", Attr.Ints("kernel_shape", 2, 2), Attr.Ints("strides", 2, 2)));
        add("MaxPool_overlapping_padded", () => x(17, [2, 5, 5]).Node("MaxPool", ["x"], "y", Attr.Ints("kernel_shape", 3, 3), Attr.Ints("strides", 1, 1), Attr.Ints("pads", 1, 1, 1, 1)));
        add("GlobalMaxPool", () => x(17, [3, 4, 4]).Node("GlobalMaxPool", ["x"], "y"));
    }
}
