using System.Globalization;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Server.Jobs;

/// <summary>
/// A job's condition inputs (<c>input NAME=VALUE</c>, or the model card's defaults), split by what may differ within
/// one batch: a batched input (a class label [N] or [N, K]) gets its row per image (<see cref="FeedTarget.Conditions"/>),
/// so jobs with different labels share a batch; an input without a batch axis feeds every slot at once, so its value
/// stays part of the options group (<see cref="GroupText"/>).
/// </summary>
internal sealed class JobConditions
{
    /// <summary>The option that carries condition values; it is left out of the group text (see <see cref="GroupText"/>).</summary>
    public const string OptionName = "input";

    private JobConditions(IReadOnlyDictionary<string, double[]>? rows, string groupText)
    {
        Rows = rows;
        GroupText = groupText;
    }

    /// <summary>Each batched condition input's row (the same for every image of the job), or null when there is none.</summary>
    public IReadOnlyDictionary<string, double[]>? Rows { get; }

    /// <summary>The values of the inputs without a batch axis, as text for the options group (empty when none).</summary>
    public string GroupText { get; }

    /// <summary>Resolves <paramref name="options"/>' condition values against <paramref name="generator"/>'s fixed inputs.</summary>
    /// <exception cref="ArgumentException">A value names no fixed input or does not fit it, or an input without a card
    /// default is not given; the message names the model and the input.</exception>
    public static JobConditions Of(Generator generator, InversionOptions options)
    {
        var resolved = generator.ResolveConditions(options.Conditions);
        Dictionary<string, double[]>? rows = null;
        var shared = new List<string>();
        foreach (var condition in resolved)
        {
            if (!condition.Shared)
            {
                // Rows per image reach the service only as numbers (scalars), so this is a guard, not a path.
                throw new ArgumentException($"{generator.Path}: condition input {condition.Input.Describe()}: the service takes one value per job");
            }

            if (condition.Input.Batched)
            {
                (rows ??= new(StringComparer.Ordinal))[condition.Input.Name] = condition.Row(0).ToArray();
            }
            else
            {
                shared.Add(string.Create(CultureInfo.InvariantCulture, $"{condition.Input.Name}={string.Join(",", condition.Row(0).ToArray())}"));
            }
        }

        return new JobConditions(rows, string.Join(",", shared));
    }
}
