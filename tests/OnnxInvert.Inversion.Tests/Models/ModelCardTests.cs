using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Models;

public sealed class ModelCardTests
{
    [Fact]
    public void Parse_BundledMnistCard_ReadsPriorLatentImageAndRange()
    {
        var card = ModelCard.Parse(File.ReadAllText(RepoPaths.MnistCard), RepoPaths.MnistCard);

        Assert.Equal("mnist-table1-uniform", card.Name);
        Assert.NotNull(card.Prior);
        Assert.Equal("uniform", card.Prior.Kind);
        Assert.Equal(-1f, card.Prior.Low);
        Assert.Equal(1f, card.Prior.High);
        Assert.Null(card.Prior.Mean);
        Assert.Equal("z", card.Latent?.Name);
        Assert.Equal("image", card.Image?.Name);
        Assert.Equal([0f, 1f], card.Image?.Range ?? []);
        Assert.NotNull(card.Architecture);
    }

    [Fact]
    public void Parse_EmptyObject_GivesCardWithEveryFieldNull()
    {
        var card = ModelCard.Parse("{}", "card.json");

        Assert.Null(card.Name);
        Assert.Null(card.Prior);
        Assert.Null(card.Latent);
        Assert.Null(card.Image);
        Assert.Null(card.Architecture);
    }

    [Fact]
    public void Parse_SnakeCaseWithCommentsAndTrailingCommas_IsAccepted()
    {
        const string json = """
            {
              // a normal prior
              "prior": { "kind": "normal", "mean": 0.5, "std": 2, },
              "latent": { "name": "noise" },
              "image": { "name": "rgb", "range": [-1, 1], },
              "unknown_field": [1, 2, 3],
            }
            """;

        var card = ModelCard.Parse(json, "card.json");

        Assert.Equal("normal", card.Prior?.Kind);
        Assert.Equal(0.5f, card.Prior?.Mean);
        Assert.Equal(2f, card.Prior?.Std);
        Assert.Equal("noise", card.Latent?.Name);
        Assert.Equal("rgb", card.Image?.Name);
        Assert.Equal([-1f, 1f], card.Image?.Range ?? []);
    }

    [Theory]
    [InlineData("{ \"prior\": ")]
    [InlineData("not json")]
    [InlineData("{ \"prior\": 5 }")]
    [InlineData("{ \"prior\": { \"low\": \"minus one\" } }")]
    [InlineData("{ \"image\": { \"range\": 1 } }")]
    [InlineData("[]")]
    public void Parse_MalformedOrWrongTypes_ThrowsFormatExceptionNamingTheSource(string json)
    {
        var ex = Assert.Throws<FormatException>(() => ModelCard.Parse(json, "some/model-card.json"));

        Assert.StartsWith("some/model-card.json: invalid model card", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JsonNull_ThrowsFormatExceptionSayingTheCardIsEmpty()
    {
        var ex = Assert.Throws<FormatException>(() => ModelCard.Parse("null", "card.json"));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }
}
