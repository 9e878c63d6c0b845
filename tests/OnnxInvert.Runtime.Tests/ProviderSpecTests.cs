namespace OnnxInvert.Runtime.Tests;

public sealed class ProviderSpecTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData(" CPU ", "cpu")]
    [InlineData("CUDAExecutionProvider", "cuda")]
    [InlineData("cuda:device_id=1, gpu_mem_limit=2147483648", "cuda:device_id=1,gpu_mem_limit=2147483648")]
    [InlineData("tensorrt:trt_engine_cache_enable=1,trt_engine_cache_path=/tmp/trt", "tensorrt:trt_engine_cache_enable=1,trt_engine_cache_path=/tmp/trt")]
    [InlineData("OpenVINO:device_type=CPU", "openvino:device_type=CPU")]
    [InlineData("xnnpack:intra_op_num_threads=2", "xnnpack:intra_op_num_threads=2")]
    [InlineData("qnn:backend_type=htp", "qnn:backend_type=htp")]
    [InlineData("SomeNewExecutionProvider:a=b", "SomeNewExecutionProvider:a=b")]
    [InlineData("cuda:cudnn_conv_algo_search=HEURISTIC,key=", "cuda:cudnn_conv_algo_search=HEURISTIC,key=")]
    public void Parse_Single_RoundTripsToCanonicalText(string text, string canonical)
    {
        ProviderSpec spec = ProviderSpec.Parse(text);

        Assert.False(spec.IsAuto);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, ProviderSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Parse_Options_KeepOrderAndValues()
    {
        ProviderSpec spec = ProviderSpec.Parse("cuda:gpu_mem_limit=1024,device_id=1");

        Assert.Equal("cuda", spec.Name);
        Assert.Equal([new("gpu_mem_limit", "1024"), new("device_id", "1")], spec.Options);
    }

    [Theory]
    [InlineData("auto", "auto:cuda,cpu")]
    [InlineData("AUTO:tensorrt, cuda ,cpu", "auto:tensorrt,cuda,cpu")]
    [InlineData("auto:openvino,cpu", "auto:openvino,cpu")]
    public void Parse_Auto_ListsCandidatesInOrder(string text, string canonical)
    {
        ProviderSpec spec = ProviderSpec.Parse(text);

        Assert.True(spec.IsAuto);
        Assert.Equal(canonical, spec.ToString());
        Assert.All(spec.Candidates, c => Assert.False(c.IsAuto));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("foo", "unknown execution provider 'foo'")]
    [InlineData("cuda:device_id", "'device_id' is not KEY=VALUE")]
    [InlineData("cuda:=1", "empty key")]
    [InlineData("cuda:device_id=0,device_id=1", "sets option 'device_id' twice")]
    [InlineData("cuda:", "empty item")]
    [InlineData("cuda:device_id=0,", "empty item")]
    [InlineData("cpu:use_arena=0", "cpu takes no options")]
    [InlineData("auto:cuda:device_id=1", "provider names only")]
    [InlineData("auto:cuda,auto", "auto inside auto")]
    [InlineData("auto:cuda,cuda", "'cuda' twice")]
    [InlineData("auto:cuda,bar", "unknown execution provider 'bar'")]
    [InlineData("cu da", "no valid name")]
    public void Parse_Malformed_ThrowsQuotingTheTextAndTheProblem(string text, string problem)
    {
        var ex = Assert.Throws<FormatException>(() => ProviderSpec.Parse(text));

        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.False(ProviderSpec.TryParse(text, out _, out string error));
        Assert.Equal(ex.Message, error);
    }

    [Fact]
    public void Create_And_Auto_BuildTheSameAsParse()
    {
        ProviderSpec cuda = ProviderSpec.Create("cuda", [new("device_id", "1")]);
        ProviderSpec auto = ProviderSpec.Auto(cuda, ProviderSpec.Cpu);

        Assert.Equal(ProviderSpec.Parse("cuda:device_id=1"), cuda);
        Assert.Equal("auto:cuda:device_id=1,cpu", auto.ToString());
        Assert.Throws<FormatException>(() => ProviderSpec.Create("auto"));
        Assert.Throws<ArgumentException>(() => ProviderSpec.Auto());
        Assert.Throws<ArgumentException>(() => ProviderSpec.Auto(auto));
    }
}
