using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>The running sums of the merge.</summary>
internal sealed class MergeTotals
{
    public List<double> Mse { get; } = [];

    public List<double> Mae { get; } = [];

    public List<double> Psnr { get; } = [];

    public List<double> Loss { get; } = [];

    public int Failed { get; private set; }

    public int Converged { get; private set; }

    public long Reinitializations { get; private set; }

    /// <summary>Counts <paramref name="row"/>: an item whose loss is not finite failed and is left out of the means (as in compare).</summary>
    public void Add(JsonObject row)
    {
        Converged += ShardState.Flag(row, "converged") ? 1 : 0;
        double reinit = ShardState.Number(row, "reinitializations");
        Reinitializations += double.IsFinite(reinit) ? (long)reinit : 0;
        double loss = ShardState.Number(row, "loss");
        if (!double.IsFinite(loss))
        {
            Failed++;
            return;
        }

        Loss.Add(loss);
        AddFinite(Mse, ShardState.Number(row, "mse"));
        AddFinite(Mae, ShardState.Number(row, "mae"));
        AddFinite(Psnr, ShardState.Number(row, "psnr"));
    }

    private static void AddFinite(List<double> values, double value)
    {
        if (double.IsFinite(value))
        {
            values.Add(value);
        }
    }
}
