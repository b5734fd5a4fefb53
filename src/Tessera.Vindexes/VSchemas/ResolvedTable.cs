namespace Tessera.Vindexes.VSchemas;

public enum TableKind
{
    Normal,
    Sequence,
    Reference,
}

// A table as the planner sees it: where it lives, how rows find their shard, where its
// auto-increment values come from.
public sealed class ResolvedTable
{
    internal ResolvedTable(string keyspace, bool sharded, string name, TableKind kind, IReadOnlyList<ResolvedColumnVindex> columnVindexes, TableSpec? spec)
    {
        Keyspace = keyspace;
        KeyspaceSharded = sharded;
        Name = name;
        Kind = kind;
        ColumnVindexes = columnVindexes;
        Source = spec?.Source is { Length: > 0 } s ? s : null;
        Columns = spec?.Columns ?? [];
        ColumnListAuthoritative = spec?.ColumnListAuthoritative ?? false;
        Pinned = spec?.Pinned is { Length: > 0 } p ? p : null;
        IsDeclared = spec is not null;
    }

    public string Keyspace { get; }

    public bool KeyspaceSharded { get; }

    public string Name { get; }

    public TableKind Kind { get; }

    public IReadOnlyList<ResolvedColumnVindex> ColumnVindexes { get; }

    // The first column vindex: decides each row's keyspace id. Null in unsharded keyspaces.
    public ResolvedColumnVindex? PrimaryVindex => ColumnVindexes.Count > 0 ? ColumnVindexes[0] : null;

    public ResolvedAutoIncrement? AutoIncrement { get; internal set; }

    // For a reference table, "keyspace.table" of the table it copies.
    public string? Source { get; }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public bool ColumnListAuthoritative { get; }

    public string? Pinned { get; }

    // False for a table of an unsharded keyspace that its VSchema does not list (Vitess routes
    // those to the keyspace's only shard all the same).
    public bool IsDeclared { get; }

    public override string ToString() => $"{Keyspace}.{Name}";
}

public sealed record ResolvedColumnVindex(IVindex Vindex, IReadOnlyList<string> Columns, string? Owner)
{
    public bool IsOwnedBy(string table) => Owner == table;
}

public sealed record ResolvedAutoIncrement(string Column, ResolvedTable Sequence);
