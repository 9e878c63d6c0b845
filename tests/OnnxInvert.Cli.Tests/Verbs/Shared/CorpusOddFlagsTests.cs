using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Tensors;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

/// <summary>
/// No stack traces (issue 13 item 9): every verb that opens a generator, on every corpus model, with wrong or odd model
/// flags (a layout that does not fit, an image shape that does not divide, a latent that is unknown or not float, a
/// condition value of the wrong type, row count or name, an image output that is an integer tensor) exits 1 or 2 with a
/// message naming what is wrong, and never prints a stack trace (too few condition rows only where the image count is known). Each (case, flag) pair runs one verb in turn, and the
/// label case runs every verb on every flag, to keep the test short.
/// </summary>
public sealed class CorpusOddFlagsTests : IDisposable
{
    private const string RowsFile = "@ROWS@";
    private static readonly string[] VerbNames = ["info", "grad", "check-grad", "sample", "invert"];
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string, string> Runs()
    {
        var runs = new TheoryData<string, string, string>();
        string[] ids = [.. CorpusCases.Ids().Where(i => !i.Contains(':', StringComparison.Ordinal))];
        for (int c = 0; c < ids.Length; c++)
        {
            string[] kinds = [.. OddFlags(ids[c]).Keys];
            for (int k = 0; k < kinds.Length; k++)
            {
                // Too few rows is an error only where the image count is known (sample, invert): check-grad cycles rows, grad and info feed none.
                string[] verbs = kinds[k] == "input-rows" ? ["sample", "invert"] : VerbNames;
                foreach (string verb in ids[c] == "label-int64" ? verbs : [verbs[(c + k) % verbs.Length]])
                {
                    runs.Add(ids[c], kinds[k], verb);
                }
            }
        }

        return runs;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void OddModelFlag_IsAClearErrorWithoutAStackTrace(string id, string kind, string verb)
    {
        var (flags, named) = OddFlags(id)[kind];
        // Three label rows for eight images (a file the test writes; the flag names it by a placeholder).
        string rows = _temp.File("label3.npy");
        NpyFile.Write(rows, NpyArray.Create<long>([1L, 2L, 3L], 3));
        flags = [.. flags.Select(f => f.Replace(RowsFile, rows, StringComparison.Ordinal))];

        string model = CorpusCases.Model(id);
        string[] args = verb switch
        {
            "info" => ["info", model],
            "grad" => ["grad", model, "-o", _temp.File("vjp.onnx")],
            "check-grad" => ["check-grad", model, "--directions", "1"],
            "sample" => ["sample", "-m", model, "-o", _temp.File("grid.png"), "--count", "8"],
            _ => ["invert", "-m", model, "-i", Path.Combine(CorpusCases.Folder(id), "targets.npy"), "-o", _temp.File("run"), "--steps", "1", "--batch", "8"],
        };

        var result = CliRunner.Run([.. args, .. flags]);

        string all = result.Output + result.Errors;
        Assert.True(result.ExitCode is 1 or 2, $"{id} {verb} {kind}: exit {result.ExitCode}\n{all}");
        Assert.DoesNotContain("unexpected error", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.True(result.Errors.Contains(named, StringComparison.OrdinalIgnoreCase), $"{id} {verb} {kind}: the message does not name '{named}'\n{result.Errors}");
    }

    /// <summary>The odd flag sets for a case, by kind: the flags and what the error must name.</summary>
    private static Dictionary<string, (string[] Flags, string Named)> OddFlags(string id)
    {
        var odd = new Dictionary<string, (string[], string)>(StringComparer.Ordinal);
        string[] own = CorpusCases.ModelFlags(id);
        string[] keep = [.. Without(own, "--layout", "--image-shape")];
        var model = OnnxModelReader.Read(CorpusCases.Model(id));
        var graph = model.Graph;
        string layout = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(CorpusCases.Folder(id), "case.json"))).RootElement.GetProperty("image").GetProperty("layout").GetString()!;
        odd["layout"] = ([.. keep, "--layout", layout == "flat" ? "nhwc" : "flat"], layout == "flat" ? "nhwc" : "flat");
        odd["image-shape"] = ([.. keep, "--image-shape", "5,7,3"], "5,7,3");
        odd["unknown-latent"] = ([.. Without(own, "--latent"), "--latent", "no_such_tensor"], "no_such_tensor");
        string? integer = graph.Input.Where(i => !ElementTypes.IsFloatingPoint((OnnxInvert.Onnx.Proto.TensorProto.Types.DataType)i.Type.TensorType.ElemType)).Select(i => i.Name).FirstOrDefault()
            ?? graph.Node.Where(n => n.OpType == "Shape").Select(n => n.Output[0]).FirstOrDefault();
        if (integer is not null)
        {
            odd["int-latent"] = ([.. Without(own, "--latent"), "--latent", integer], integer);
        }

        string? intOutput = graph.Output.Where(o => !ElementTypes.IsFloatingPoint((OnnxInvert.Onnx.Proto.TensorProto.Types.DataType)o.Type.TensorType.ElemType)).Select(o => o.Name).FirstOrDefault()
            ?? graph.Node.Where(n => n.OpType == "Shape").Select(n => n.Output[0]).FirstOrDefault();
        if (intOutput is not null)
        {
            odd["int-output"] = ([.. Without(own, "--output"), "--output", intOutput], intOutput);
        }

        odd["unknown-input"] = ([.. own, "--input", "no_such_input=1"], "no_such_input");
        if (own.Any(f => f.StartsWith("label=", StringComparison.Ordinal)))
        {
            odd["input-type"] = ([.. Without(own, "--input"), "--input", "label=2.5"], "label");
            odd["input-rows"] = ([.. Without(own, "--input"), "--input", $"label={RowsFile}"], "label");
        }
        else
        {
            string latent = CorpusCases.NamedLatents(id).FirstOrDefault() ?? graph.Input[0].Name;
            odd["input-is-latent"] = ([.. own, "--input", $"{latent}=1"], latent);
        }

        return odd;
    }

    /// <summary><paramref name="flags"/> without the named flags and their values.</summary>
    private static IEnumerable<string> Without(string[] flags, params string[] names)
    {
        for (int i = 0; i < flags.Length; i++)
        {
            if (names.Contains(flags[i]))
            {
                i++;
                continue;
            }

            yield return flags[i];
        }
    }
}
