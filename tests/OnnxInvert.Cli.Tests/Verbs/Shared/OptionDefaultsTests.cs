using System.Collections;
using System.Globalization;
using System.Reflection;
using CommandLine;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

public sealed class OptionDefaultsTests
{
    public static TheoryData<string> VerbNames => [.. Program.Verbs.Select(t => t.GetCustomAttribute<VerbAttribute>()!.Name)];

    /// <summary>
    /// Every option that has a value before anything is typed (its declared default, or for inversion flags the value
    /// <see cref="InvertPreset.Defaults"/> fills in) shows exactly that value as "(Default: V)" in the verb's help.
    /// </summary>
    [Theory]
    [MemberData(nameof(VerbNames))]
    public void Help_ShowsTheValueEachOptionReallyDefaultsTo(string verb)
    {
        var type = Program.Verbs.Single(t => t.GetCustomAttribute<VerbAttribute>()!.Name == verb);
        object options = Activator.CreateInstance(type, nonPublic: true)!;
        if (options is InversionFlags flags)
        {
            InvertPreset.Apply(flags);
        }

        string[] help = CliRunner.Run(verb, "--help").Output.Split('\n');
        int checkedOptions = 0;
        foreach (var (property, option) in Options(type))
        {
            object? value = property.GetValue(options);
            if (value is null or bool or "" or IEnumerable and not string || option.Required)
            {
                continue;
            }

            string line = Assert.Single(help, l => l.StartsWith($"  --{option.LongName} ", StringComparison.Ordinal) || l.Contains($", --{option.LongName} ", StringComparison.Ordinal));
            Assert.Contains($"(Default: {Convert.ToString(value, CultureInfo.InvariantCulture)})", line, StringComparison.Ordinal);
            checkedOptions++;
        }

        Assert.True(checkedOptions > 0 || Options(type).All(o => o.Option.Default is null), $"{verb}: no defaults checked");
    }

    [Fact]
    public void InvertOptionsBuiltInCode_HaveTheParsersDefaults()
    {
        using var parser = Program.CreateParser();
        var parsed = parser.ParseArguments(CliRunner.Split("invert -m m.onnx -i x -o y"), [.. Program.Verbs]).Value;
        object built = Activator.CreateInstance(parsed.GetType(), nonPublic: true)!;

        foreach (var (property, option) in Options(parsed.GetType()).Where(o => o.Option.Default is not null))
        {
            Assert.Equal(property.GetValue(parsed), property.GetValue(built));
        }

        Assert.Equal(32, ((InversionFlags)built).Batch);
    }

    [Fact]
    public void Help_Preset_DescribesEveryPresetFromItsDefinition()
    {
        string help = string.Join(" ", CliRunner.Run("invert", "--help").Output.Split('\n').Select(l => l.Trim()));
        foreach (var preset in InvertPreset.All)
        {
            Assert.Contains($"{preset.Name} ({preset.Description})", help, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<(PropertyInfo Property, OptionAttribute Option)> Options(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Option: p.GetCustomAttribute<OptionAttribute>()!))
            .Where(o => o.Option is not null);
}
