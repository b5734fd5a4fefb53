namespace Tessera.Keys;

// A shard's name with its parsed range ("0" has the full range).
public readonly record struct ShardKeyRange(string Name, KeyRange Range)
{
    public static ShardKeyRange Parse(string name) => new(name, KeyRange.Parse(name));

    public override string ToString() => Name;
}
