using System.Collections.Frozen;

namespace Tessera.Vindexes;

// Creates vindexes by the type name a VSchema uses ("hash", "lookup_unique"), as Vitess's
// vindexes.Register/CreateVindex. Immutable: With() returns a registry with one more type.
public sealed class VindexRegistry
{
    public delegate IVindex Factory(string name, IReadOnlyDictionary<string, string> parameters);

    private readonly FrozenDictionary<string, Factory> _factories;

    private VindexRegistry(IEnumerable<KeyValuePair<string, Factory>> factories) =>
        _factories = factories.ToFrozenDictionary(StringComparer.Ordinal);

    public static VindexRegistry Default { get; } = new(new Dictionary<string, Factory>
    {
        [HashVindex.Type] = (n, p) => new HashVindex(n, p),
        [BinaryMd5Vindex.Type] = (n, p) => new BinaryMd5Vindex(n, p),
        [XxHashVindex.Type] = (n, p) => new XxHashVindex(n, p),
        [NumericVindex.Type] = (n, p) => new NumericVindex(n, p),
        [BinaryVindex.Type] = (n, p) => new BinaryVindex(n, p),
        [ReverseBitsVindex.Type] = (n, p) => new ReverseBitsVindex(n, p),
        [UnicodeLooseVindex.Md5Type] = (n, p) => new UnicodeLooseVindex(n, UnicodeLooseVindex.Md5Type, p),
        [UnicodeLooseVindex.XxHashType] = (n, p) => new UnicodeLooseVindex(n, UnicodeLooseVindex.XxHashType, p),
        [LookupVindex.LookupType] = (n, p) => new LookupVindex(n, LookupVindex.LookupType, p),
        [LookupVindex.LookupUniqueType] = (n, p) => new LookupVindex(n, LookupVindex.LookupUniqueType, p),
        [LookupVindex.ConsistentLookupType] = (n, p) => new LookupVindex(n, LookupVindex.ConsistentLookupType, p),
        [LookupVindex.ConsistentLookupUniqueType] = (n, p) => new LookupVindex(n, LookupVindex.ConsistentLookupUniqueType, p),
    });

    public IEnumerable<string> TypeNames => _factories.Keys.Order(StringComparer.Ordinal);

    public bool IsKnown(string typeName) => _factories.ContainsKey(typeName);

    public VindexRegistry With(string typeName, Factory factory)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        var all = new Dictionary<string, Factory>(_factories, StringComparer.Ordinal) { [typeName] = factory };
        return new VindexRegistry(all);
    }

    // Throws VindexException for an unknown type or params the type refuses.
    public IVindex Create(string typeName, string name, IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        if (!_factories.TryGetValue(typeName, out Factory? factory))
        {
            throw new VindexException($"vindex {name}: unknown vindex type '{typeName}' (known: {string.Join(", ", TypeNames)})");
        }

        return factory(name, parameters ?? FrozenDictionary<string, string>.Empty);
    }
}
