namespace Tessera.Keys;

// One shard a set of destinations reaches, and which of them (by index) reach it.
public sealed record ShardValues(string Shard, IReadOnlyList<int> Indexes);
