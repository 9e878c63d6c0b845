using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace OnnxInvert.Inversion.Tests;

/// <summary>
/// The libraries' messages name settings in library terms (<c>GeneratorOptions.Layout</c>), never a CLI flag: a
/// server or a C# application embedding them has no flags. Checked on every string literal compiled into the library
/// assemblies (their user-string heaps), so a new message cannot slip a flag in.
/// </summary>
public sealed partial class LibraryMessagesTests
{
    public static TheoryData<string> Libraries => new()
    {
        typeof(Onnx.IO.OnnxModelReader).Assembly.Location,
        typeof(Imaging.PixelRange).Assembly.Location,
        typeof(Runtime.SessionSettings).Assembly.Location,
        typeof(Autodiff.GradientBuildException).Assembly.Location,
        typeof(Inversion.Models.Generator).Assembly.Location,
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void StringLiterals_NameNoCommandLineFlag(string assembly)
    {
        string[] literals = UserStrings(assembly);

        Assert.NotEmpty(literals);
        Assert.DoesNotContain(literals, s => Flag().IsMatch(s));
    }

    [Fact]
    public void TheScan_FindsAFlagInAStringLiteral()
    {
        const string WithFlag = "give the layout (--layout nhwc)";

        string[] literals = UserStrings(typeof(LibraryMessagesTests).Assembly.Location);

        Assert.Contains(WithFlag, literals);
        Assert.Matches(Flag(), WithFlag);
        Assert.DoesNotMatch(Flag(), "a--b, ---, -p:OnnxInvertOrt=gpu");
    }

    private static string[] UserStrings(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new List<string>();
        for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = reader.GetNextHandle(handle))
        {
            found.Add(reader.GetUserString(handle));
        }

        return [.. found];
    }

    /// <summary>A long flag: two dashes and a letter, not inside a word (so "a--b" and "---" do not count).</summary>
    [GeneratedRegex(@"(?<![\w-])--[a-z]")]
    private static partial Regex Flag();
}
