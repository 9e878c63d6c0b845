namespace OnnxInvert.Runtime.Tests;

public sealed class LongGraphSettingsTests
{
    [Fact]
    public void ForGraph_BelowTheThreshold_ReturnsTheSettingsUnchanged_Silently()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { IntraOpThreads = 2, Notice = notices.Add };

        var chosen = settings.ForGraph(LongGraphSettings.Nodes - 1);

        Assert.Same(settings, chosen);
        Assert.Equal(GraphOptimizationLevel.All, chosen.GraphOptimization);
        Assert.Empty(notices);
    }

    [Fact]
    public void ForGraph_AtTheThreshold_LowersTheLevel_KeepsTheRest_AndSaysSoOnce()
    {
        var notices = new List<string>();
        var config = new Dictionary<string, string> { ["session.intra_op.allow_spinning"] = "0" };
        var settings = new SessionSettings { IntraOpThreads = 2, ConfigEntries = config, Provider = ProviderSpec.Parse("cpu"), Notice = notices.Add };

        var chosen = settings.ForGraph(LongGraphSettings.Nodes);

        Assert.Equal(LongGraphSettings.Level, chosen.GraphOptimization);
        Assert.NotEqual(GraphOptimizationLevel.All, chosen.GraphOptimization);
        Assert.Equal(2, chosen.IntraOpThreads);
        Assert.Same(config, chosen.ConfigEntries);
        Assert.Equal(settings.Provider, chosen.Provider);
        string notice = Assert.Single(notices);
        Assert.Contains(LongGraphSettings.Nodes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), notice, StringComparison.Ordinal);
        Assert.Contains("SessionSettings.GraphOptimization = All", notice, StringComparison.Ordinal);
        Assert.Equal(GraphOptimizationLevel.All, settings.GraphOptimization);
    }

    [Theory]
    [InlineData(GraphOptimizationLevel.All)]
    [InlineData(GraphOptimizationLevel.Extended)]
    [InlineData(GraphOptimizationLevel.Disabled)]
    public void ForGraph_ALevelTheCallerChose_IsKept(GraphOptimizationLevel level)
    {
        var notices = new List<string>();
        var settings = new SessionSettings { GraphOptimization = level, Notice = notices.Add };

        var chosen = settings.ForGraph(LongGraphSettings.Nodes * 10);

        Assert.True(settings.GraphOptimizationChosen);
        Assert.Same(settings, chosen);
        Assert.Empty(notices);
    }

    [Fact]
    public void GraphOptimizationChosen_FalseByDefault_TrueOnceSet_EvenToTheDefault()
    {
        Assert.False(new SessionSettings().GraphOptimizationChosen);
        Assert.True(new SessionSettings { GraphOptimization = GraphOptimizationLevel.All }.GraphOptimizationChosen);
        Assert.True((new SessionSettings() with { GraphOptimization = GraphOptimizationLevel.All }).GraphOptimizationChosen);
        Assert.False((new SessionSettings() with { IntraOpThreads = 1 }).GraphOptimizationChosen);
    }

    [Fact]
    public void ForGraph_NegativeNodeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings().ForGraph(-1));
    }
}
