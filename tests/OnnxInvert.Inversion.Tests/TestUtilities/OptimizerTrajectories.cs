using System.Text.Json;
using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>One torch.optim trajectory of Fixtures/optimizer_trajectories.json: settings, start, gradients fed and parameters after each step.</summary>
internal sealed record OptimizerTrajectory(string Name, OptimizerSettings Settings, float[] Start, float[][] Gradients, float[][] Parameters)
{
    public override string ToString() => Name;
}

/// <summary>Reads the trajectories recorded by tools/optimizer_references/make_trajectories.py.</summary>
internal static class OptimizerTrajectories
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "optimizer_trajectories.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<string> Names => Root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static OptimizerTrajectory Get(string name)
    {
        var c = Root.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        return new OptimizerTrajectory(
            name,
            ToSettings(c.GetProperty("optimizer").GetString()!, c.GetProperty("settings")),
            Floats(c.GetProperty("start")),
            [.. c.GetProperty("gradients").EnumerateArray().Select(Floats)],
            [.. c.GetProperty("parameters").EnumerateArray().Select(Floats)]);
    }

    private static float[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(v => (float)v.GetDouble())];

    private static OptimizerSettings ToSettings(string optimizer, JsonElement s)
    {
        double Get(string key, double fallback) => s.TryGetProperty(key, out var v) ? v.GetDouble() : fallback;
        bool Flag(string key) => s.TryGetProperty(key, out var v) && v.GetBoolean();
        var defaults = new OptimizerSettings();
        var betas = s.TryGetProperty("betas", out var b) ? b.EnumerateArray().Select(v => v.GetDouble()).ToArray() : [defaults.Beta1, defaults.Beta2];
        return new OptimizerSettings
        {
            Kind = optimizer switch
            {
                "rmsprop" => OptimizerKind.RmsProp,
                "adam" => OptimizerKind.Adam,
                "sgd" => OptimizerKind.Sgd,
                _ => throw new InvalidDataException($"unknown optimizer {optimizer}"),
            },
            LearningRate = Get("lr", defaults.LearningRate),
            Alpha = Get("alpha", defaults.Alpha),
            Epsilon = Get("eps", defaults.Epsilon),
            Momentum = Get("momentum", 0),
            Dampening = Get("dampening", 0),
            Nesterov = Flag("nesterov"),
            Centered = Flag("centered"),
            WeightDecay = Get("weight_decay", 0),
            Beta1 = betas[0],
            Beta2 = betas[1],
        };
    }
}
