namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>How a flag enters the job's settings (<see cref="FlagSettings"/>); flags without it shape the results.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class FlagSettingAttribute : Attribute
{
    /// <summary>Whether another value gives other results (false: a resumed run may change it).</summary>
    public bool ShapesResults { get; init; } = true;
}
