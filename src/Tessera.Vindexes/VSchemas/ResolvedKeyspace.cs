using System.Collections.Frozen;

namespace Tessera.Vindexes.VSchemas;

public sealed class ResolvedKeyspace
{
    internal ResolvedKeyspace(string name, KeyspaceVSchema source, FrozenDictionary<string, IVindex> vindexes, FrozenDictionary<string, ResolvedTable> tables, IReadOnlyList<VSchemaError> errors)
    {
        Name = name;
        Source = source;
        Vindexes = vindexes;
        Tables = tables;
        Errors = errors;
    }

    public string Name { get; }

    public bool Sharded => Source.Sharded;

    public bool RequireExplicitRouting => Source.RequireExplicitRouting;

    // The VSchema this was built from, as applied.
    public KeyspaceVSchema Source { get; }

    public IReadOnlyDictionary<string, IVindex> Vindexes { get; }

    public IReadOnlyDictionary<string, ResolvedTable> Tables { get; }

    // Problems found while building; a keyspace with errors refuses table lookups (naming them)
    // while the other keyspaces keep serving, as in Vitess.
    public IReadOnlyList<VSchemaError> Errors { get; }
}
