using System.Globalization;
using Google.Protobuf;
using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Tests.IO;

/// <summary>
/// Seeded fuzzing of <see cref="OnnxModelReader.Read"/>: format-blind byte mutants of small models from the repository,
/// and models whose external-data entries (location, offset, length, shape, type) are set to hostile values. Every
/// case must read or fail with an <see cref="OnnxModelException"/> whose message starts with the model's path, within
/// a time limit and allocating no more than a small multiple of the files' size.
/// </summary>
public sealed class OnnxModelReaderFuzzTests
{
    private const int ByteMutants = 300;
    private const int ExternalDataMutants = 200;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    private static readonly string[] Locations =
        ["w.bin", "w.bin", "w.bin", "", ".", "sub", "sub/w.bin", "../w.bin", "/etc/hostname", "missing.bin", "w.bin\0x", "zero", "loop", "C:w.bin", "\\w.bin"];

    private static readonly string[] Numbers =
        ["0", "0", "8", "16", "24", "40", "-1", "+8", " 8", "abc", "", "9223372036854775807", "9223372036854775000", "18446744073709551616", "1e3"];

    [Fact]
    public void Read_ByteMutantsOfSmallModels_ReadOrThrowOnnxModelExceptionNamingTheFile()
    {
        using var folder = new TestModels.TempFolder();
        byte[][] sources = [.. RepoPaths.SmallModels.Select(File.ReadAllBytes), OnnxModelWriter.ToBytes(TestModels.Affine())];
        var mutator = new ByteMutator(seed: 16_07);
        int read = 0;
        for (int i = 0; i < ByteMutants; i++)
        {
            byte[] original = sources[i % sources.Length];
            (byte[] bytes, string change) = mutator.Mutate(original, focus: 0);
            string path = folder.File($"m{i}.onnx");
            File.WriteAllBytes(path, bytes);
            string description = $"mutant {i} of model {i % sources.Length}: {change}";

            (Exception? error, long allocated) = BoundedRun.Run(() => OnnxModelReader.Read(path), CaseLimit, description);

            read += error is null ? 1 : 0;
            AssertClean(error, path, description);
            long bound = (16L * bytes.Length) + (4 << 20);
            Assert.True(allocated <= bound, $"{description}: allocated {allocated} bytes for a {bytes.Length}-byte model (bound {bound})");
            File.Delete(path);
        }

        Assert.True(read >= 2, $"only {read} of {ByteMutants} mutants were readable");
        Assert.True(ByteMutants - read >= 2, $"only {ByteMutants - read} of {ByteMutants} mutants were refused");
    }

    [Fact]
    public void Read_HostileExternalDataEntries_ReadOrThrowOnnxModelExceptionNamingTheFile()
    {
        using var folder = new TestModels.TempFolder();
        File.WriteAllBytes(folder.File("w.bin"), new byte[40]);
        Directory.CreateDirectory(folder.File("sub"));
        File.WriteAllBytes(Path.Combine(folder.File("sub"), "w.bin"), new byte[24]);
        if (OperatingSystem.IsLinux())
        {
            File.CreateSymbolicLink(folder.File("zero"), "/dev/zero");
            File.CreateSymbolicLink(folder.File("loop"), folder.File("loop2"));
            File.CreateSymbolicLink(folder.File("loop2"), folder.File("loop"));
        }

        var random = new Random(16_08);
        int read = 0;
        for (int i = 0; i < ExternalDataMutants; i++)
        {
            // Start from a valid entry (W's 24 bytes at offset 16 of the 40-byte w.bin) and make each field hostile
            // with probability one half.
            bool Hostile() => random.Next(2) == 0;
            string location = Hostile() ? Locations[random.Next(Locations.Length)] : "w.bin";
            string offset = Hostile() ? Numbers[random.Next(Numbers.Length)] : "16";
            string length = Hostile() ? Numbers[random.Next(Numbers.Length)] : "24";
            long[] dims = !Hostile() ? [3, 2] : random.Next(3) switch
            {
                0 => [random.Next(-2, 10), random.Next(0, 10)],
                1 => [random.NextInt64(), random.NextInt64()],
                _ => [],
            };
            int dataType = Hostile() && random.Next(2) == 0 ? random.Next(0, 30) : (int)TensorProto.Types.DataType.Float;
            bool omitLength = random.Next(4) == 0;
            string description = $"external mutant {i}: location '{location}', offset '{offset}', length '{(omitLength ? "(none)" : length)}', dims [{string.Join(",", dims)}], type {dataType}";

            var model = TestModels.Affine();
            var w = model.Graph.Initializer.Single(t => t.Name == "W");
            w.ClearRawData();
            w.FloatData.Clear();
            w.Dims.Clear();
            w.Dims.AddRange(dims);
            w.DataType = dataType;
            w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
            w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset });
            if (!omitLength)
            {
                w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length });
            }

            w.DataLocation = TensorProto.Types.DataLocation.External;
            string path = folder.File(string.Create(CultureInfo.InvariantCulture, $"x{i}.onnx"));
            File.WriteAllBytes(path, model.ToByteArray());

            (Exception? error, long allocated) = BoundedRun.Run(() => OnnxModelReader.Read(path), CaseLimit, description);

            read += error is null ? 1 : 0;
            AssertClean(error, path, description);
            Assert.True(allocated <= 1 << 20, $"{description}: allocated {allocated} bytes");
            File.Delete(path);
        }

        Assert.True(read >= 2, $"only {read} of {ExternalDataMutants} cases were readable");
        Assert.True(ExternalDataMutants - read >= ExternalDataMutants / 2, $"only {ExternalDataMutants - read} cases were refused");
    }

    private static void AssertClean(Exception? error, string path, string description)
    {
        if (error is null)
        {
            return;
        }

        Assert.True(error is OnnxModelException, $"{description}: {error.GetType().Name}: {error}");
        Assert.True(error.Message.StartsWith(path + ": ", StringComparison.Ordinal), $"{description}: message '{error.Message}' does not start with the model's path");
    }
}
