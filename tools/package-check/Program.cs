// The consumer side of tools/package-check.sh: a fresh console app that took the OnnxInvert packages with
// `dotnet add package` inverts the bundled sample digits for a few steps and checks that the error dropped.
// Usage: dotnet run -- GENERATOR.onnx TARGETS.npy
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Runtime;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: package-check GENERATOR.onnx TARGETS.npy");
    return 2;
}

const int Images = 4;
NpyArray npy = NpyFile.Read(args[1]);
float[] all = npy.ToSingleArray();
int imageLength = all.Length / npy.Shape[0];
var targets = new InversionTargets(all[..(Images * imageLength)], Images);

using Generator generator = Generator.Open(args[0]);
double before = await MeanMse(generator, targets, steps: 1);
double after = await MeanMse(generator, targets, steps: 40);
Console.WriteLine($"ONNX Runtime {OrtLibrary.Version} from {OrtLibrary.LoadedPath}");
Console.WriteLine($"mean MSE over {Images} digits: {before:F5} after 1 step, {after:F5} after 40 steps");
if (!(after < before * 0.9))
{
    Console.Error.WriteLine("FAIL: the error did not drop by 10%");
    return 1;
}

Console.WriteLine("OK");
return 0;

static async Task<double> MeanMse(Generator generator, InversionTargets targets, int steps)
{
    using Inverter inverter = Inverter.Create(generator, new InversionOptions { Steps = steps, BatchSize = targets.Count, Seed = 1, Loss = LossKind.Mse });
    double sum = 0;
    int count = 0;
    await foreach (InversionResult result in inverter.InvertAsync(targets))
    {
        sum += result.Mse;
        count++;
    }

    return sum / count;
}
