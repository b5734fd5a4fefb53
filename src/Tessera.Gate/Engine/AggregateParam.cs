namespace Tessera.Gate.Engine;

// How the gate merges one aggregate column of per-shard partial results.
internal enum AggregateOpcode
{
    // count(*) / count(x) pushed down: the total is the sum of the shards' counts.
    SumCount,
    Sum,
    Min,
    Max,

    // sum(x) pushed at Column and count(x) at CountColumn; divided in the gate.
    Avg,

    // x pushed into GROUP BY and ORDER BY: counts (sums) each distinct value of x once.
    CountDistinct,
    SumDistinct,
}

internal sealed record AggregateParam(AggregateOpcode Opcode, int Column, string Alias, int CountColumn = -1)
{
    public override string ToString() => Opcode == AggregateOpcode.Avg
        ? $"avg({Column}/{CountColumn}) as {Alias}"
        : $"{Opcode.ToString().ToLowerInvariant()}({Column}) as {Alias}";
}
