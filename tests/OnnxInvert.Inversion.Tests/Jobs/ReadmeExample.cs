using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>
/// The README's "from C#" example, verbatim between the markers (<see cref="InversionJobTests"/> checks that the
/// README holds exactly this text, and runs it).
/// </summary>
internal static class ReadmeExample
{
    public static JobResult Run(string model, string images, string output, CancellationToken cancellationToken)
    {
        // readme-begin
        using var generator = Generator.Open(model);
        using var inverter = Inverter.Create(generator, new InversionOptions { Steps = 200, BatchSize = 4 });
        var targets = TargetSource.Open(images, new TargetFormat(inverter.ImageShape, generator.OutputRange));
        using var folder = RunFolder.Open(output, new RunFolderOptions { Resume = true, Inputs = [images] });
        var job = new InversionJob { Generator = generator, Inverter = inverter, Targets = targets, Folder = folder };
        var outcome = job.Run(cancellationToken); // cancelled: what finished is saved; run again to go on
        Console.WriteLine($"{outcome.Rows.Count} images, mean MSE {outcome.Summary["mean_mse"]}");
        // readme-end
        return outcome;
    }
}
