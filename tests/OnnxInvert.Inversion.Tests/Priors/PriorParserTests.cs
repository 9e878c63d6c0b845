using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Priors;

public sealed class PriorParserTests
{
    [Theory]
    [InlineData("uniform", -1f, 1f)]
    [InlineData("uniform:0,2", 0f, 2f)]
    [InlineData("uniform:-0.5,0.5", -0.5f, 0.5f)]
    [InlineData("UNIFORM:-1,1e0", -1f, 1f)]
    [InlineData("  uniform  ", -1f, 1f)]
    public void Parse_UniformForms_GivesUniformPriorWithTheBounds(string text, float low, float high)
    {
        var prior = Assert.IsType<UniformPrior>(PriorParser.Parse(text));

        Assert.Equal(low, prior.Low);
        Assert.Equal(high, prior.High);
    }

    [Theory]
    [InlineData("normal", 0f, 1f)]
    [InlineData("normal:1,0.5", 1f, 0.5f)]
    [InlineData("gaussian", 0f, 1f)]
    [InlineData("Gaussian:-2,3", -2f, 3f)]
    public void Parse_NormalForms_GivesNormalPriorWithMeanAndStd(string text, float mean, float std)
    {
        var prior = Assert.IsType<NormalPrior>(PriorParser.Parse(text));

        Assert.Equal(mean, prior.MeanValue);
        Assert.Equal(std, prior.Std);
    }

    [Theory]
    [InlineData("triangle")]
    [InlineData("")]
    [InlineData("uniform:1")]
    [InlineData("uniform:1,2,3")]
    [InlineData("normal:0")]
    public void Parse_UnknownKindOrWrongArity_ThrowsFormatExceptionListingTheForms(string text)
    {
        var ex = Assert.Throws<FormatException>(() => PriorParser.Parse(text));

        Assert.Contains(PriorParser.Forms, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uniform:a,b", "'a'")]
    [InlineData("normal:0,x", "'x'")]
    [InlineData("uniform:,1", "''")]
    public void Parse_NonNumericParameter_ThrowsFormatExceptionNamingTheToken(string text, string token)
    {
        var ex = Assert.Throws<FormatException>(() => PriorParser.Parse(text));

        Assert.Contains($"{token} is not a number", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uniform:1,0")]
    [InlineData("uniform:1,1")]
    [InlineData("uniform:0,Infinity")]
    [InlineData("normal:0,0")]
    [InlineData("normal:0,-1")]
    [InlineData("normal:NaN,1")]
    public void Parse_InvalidParameters_ThrowsFormatExceptionWithTheConstructorsReason(string text)
    {
        var ex = Assert.Throws<FormatException>(() => PriorParser.Parse(text));

        Assert.StartsWith($"invalid prior '{text}'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<ArgumentException>(ex.InnerException);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => PriorParser.Parse(null!));
    }

    [Theory]
    [InlineData("uniform:-1,1")]
    [InlineData("uniform:0,2.5")]
    [InlineData("normal:0,1")]
    [InlineData("normal:-1.5,0.25")]
    public void ToString_OfParsedPrior_IsCanonicalAndParsesBack(string canonical)
    {
        var prior = PriorParser.Parse(canonical);

        Assert.Equal(canonical, prior.ToString());
        Assert.Equal(canonical, PriorParser.Parse(prior.ToString()).ToString());
    }
}
