using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>A shard folder that passed <see cref="ShardCheck"/>: its name, place, items and summary.</summary>
internal sealed record CheckedShard(string Name, string Path, ShardInfo Info, JsonObject Summary);
