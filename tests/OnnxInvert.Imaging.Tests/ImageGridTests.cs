using OnnxInvert.Imaging.Tests.TestUtilities;

namespace OnnxInvert.Imaging.Tests;

public sealed class ImageGridTests
{
    [Theory]
    [InlineData(5, 3, 2, 17, 10)] // 3 columns x 2 rows of 3x2 tiles: 3*(3+2)+2 by 2*(2+2)+2
    [InlineData(6, 3, 1, 13, 7)]
    [InlineData(2, 8, 2, 12, 6)] // fewer images than columns: only 2 columns
    [InlineData(1, 1, 0, 3, 2)]
    public void Compose_Dimensions_FollowTileCountColumnsAndPadding(int count, int columns, int padding, int width, int height)
    {
        DecodedImage[] tiles = Enumerable.Range(0, count).Select(i => TestImages.Solid(3, 2, $"t{i}", (byte)i)).ToArray();

        DecodedImage grid = ImageGrid.Compose(tiles, columns, padding);

        Assert.Equal((width, height), (grid.Width, grid.Height));
    }

    [Fact]
    public void Compose_PlacesTilesRowMajorWithBackgroundPadding()
    {
        DecodedImage[] tiles = Enumerable.Range(0, 5).Select(i => TestImages.Solid(3, 2, $"t{i}", (byte)(10 * (i + 1)))).ToArray();

        DecodedImage grid = ImageGrid.Compose(tiles, columns: 3, padding: 2, background: 255);

        for (int i = 0; i < 5; i++)
        {
            int x0 = 2 + ((i % 3) * 5), y0 = 2 + ((i / 3) * 4);
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    Assert.Equal(10 * (i + 1), grid[x0 + x, y0 + y, 0]);
                }
            }
        }

        Assert.Equal(255, grid[0, 0, 0]);
        Assert.Equal(255, grid[5, 2, 0]); // gap between tile 0 and 1
        Assert.Equal(255, grid[13, 7, 0]); // the empty sixth cell
    }

    [Fact]
    public void Compose_CopiesTileContentExactly()
    {
        DecodedImage tile = TestImages.Pattern(4, 3, 3, "p");

        DecodedImage grid = ImageGrid.Compose([tile, tile], columns: 2, padding: 1);

        for (int y = 0; y < 3; y++)
        {
            for (int x = 0; x < 4; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(tile[x, y, c], grid[1 + x, 1 + y, c]);
                    Assert.Equal(tile[x, y, c], grid[6 + x, 1 + y, c]);
                }
            }
        }
    }

    [Fact]
    public void Compose_RgbaTiles_PaddingIsOpaque()
    {
        DecodedImage tile = TestImages.Solid(2, 2, "t", 1, 2, 3, 0);

        DecodedImage grid = ImageGrid.Compose([tile], columns: 1, padding: 1, background: 0);

        Assert.Equal(255, grid[0, 0, 3]);
        Assert.Equal(0, grid[1, 1, 3]);
    }

    [Fact]
    public void ComposePairs_InterleavesLeftAndRight()
    {
        DecodedImage[] left = [TestImages.Solid(2, 2, "l0", 1), TestImages.Solid(2, 2, "l1", 2)];
        DecodedImage[] right = [TestImages.Solid(2, 2, "r0", 101), TestImages.Solid(2, 2, "r1", 102)];

        DecodedImage grid = ImageGrid.ComposePairs(left, right, pairsPerRow: 1, padding: 1);

        Assert.Equal((7, 7), (grid.Width, grid.Height));
        Assert.Equal(1, grid[1, 1, 0]);
        Assert.Equal(101, grid[4, 1, 0]);
        Assert.Equal(2, grid[1, 4, 0]);
        Assert.Equal(102, grid[4, 4, 0]);
    }

    [Fact]
    public void Compose_Batch_MapsRangeToPixels()
    {
        var batch = new ImageBatch([-1f, 1f, 0f, 5f], 2, 1, 1, 2, PixelRange.MinusOneToOne);

        DecodedImage grid = ImageGrid.Compose(batch, columns: 2, padding: 1);

        Assert.Equal((7, 3), (grid.Width, grid.Height));
        Assert.Equal([0, 255], new[] { grid[1, 1, 0], grid[2, 1, 0] });
        Assert.Equal([128, 255], new[] { grid[4, 1, 0], grid[5, 1, 0] });
    }

    [Fact]
    public void ComposePairs_Batches_WritesPngThatReadsBack()
    {
        using var temp = new TempFolder();
        var targets = new ImageBatch(Enumerable.Range(0, 2 * 3 * 4 * 4).Select(i => (i % 17) / 16f).ToArray(), 2, 3, 4, 4, PixelRange.ZeroToOne);
        var recon = new ImageBatch(Enumerable.Range(0, 2 * 3 * 4 * 4).Select(i => (i % 5) / 4f).ToArray(), 2, 3, 4, 4, PixelRange.ZeroToOne);
        string path = temp.File("pairs.png");

        DecodedImage grid = ImageGrid.ComposePairs(targets, recon, pairsPerRow: 2);
        PngFile.Write(path, grid);
        DecodedImage read = PngFile.Read(path);

        Assert.Equal((4 * 6 + 2, 4 + 4), (read.Width, read.Height));
        Assert.Equal(grid.Pixels.ToArray(), read.Pixels.ToArray());
    }

    [Fact]
    public void Compose_MismatchedTiles_ThrowsNamingTile()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            ImageGrid.Compose([TestImages.Solid(2, 2, "a", 0), TestImages.Solid(3, 2, "b", 0)], columns: 2));

        Assert.Contains("b is 3x2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_NoImages_Throws()
    {
        Assert.Throws<ArgumentException>(() => ImageGrid.Compose(Array.Empty<DecodedImage>(), columns: 2));
    }
}
