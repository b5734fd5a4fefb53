using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Tessera.Tablet.QueryService;

// The tables this tablet must refuse, from its shard record's TabletControl for its type (set
// while MoveTables/Reshard moves them away). Entries are written as Vitess's table filters
// (tmutils.NewTableFilter) read them: a name, matched without regard to case, or, when it starts
// with '/', a regular expression between slashes (`/^moved_/`), matched anywhere in the name.
// Patterns run on the non-backtracking engine: linear time, like the RE2 engine Vitess uses.
internal sealed class DeniedTables : IEquatable<DeniedTables>
{
    public static readonly DeniedTables None = new([], FrozenSet<string>.Empty, []);

    private readonly FrozenSet<string> names;
    private readonly Regex[] patterns;

    private DeniedTables(IReadOnlyList<string> entries, FrozenSet<string> names, Regex[] patterns)
    {
        Entries = entries;
        this.names = names;
        this.patterns = patterns;
    }

    // As written in the shard record, sorted (for the status page and equality).
    public IReadOnlyList<string> Entries { get; }

    // Entries that are not valid expressions: they deny nothing (Vitess refuses to apply such a
    // control at all, which leaves the table served too) and the status page shows them.
    public IReadOnlyList<string> Invalid { get; private init; } = [];

    public int Count => Entries.Count;

    public static DeniedTables From(IEnumerable<string> entries)
    {
        var sorted = entries.Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (sorted.Length == 0) return None;
        var names = new List<string>();
        var patterns = new List<Regex>();
        var invalid = new List<string>();
        foreach (var entry in sorted)
        {
            if (!entry.StartsWith('/'))
            {
                names.Add(entry);
                continue;
            }
            try
            {
                patterns.Add(new Regex(entry.Trim('/'), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                invalid.Add(entry);
            }
        }
        return new DeniedTables(sorted, names.ToFrozenSet(StringComparer.OrdinalIgnoreCase), [.. patterns]) { Invalid = invalid };
    }

    public bool IsDenied(string table)
    {
        if (names.Contains(table)) return true;
        foreach (var pattern in patterns)
            if (pattern.IsMatch(table)) return true;
        return false;
    }

    public bool Equals(DeniedTables? other) => other is not null && Entries.SequenceEqual(other.Entries, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DeniedTables);

    public override int GetHashCode() => Entries.Count == 0 ? 0 : HashCode.Combine(Entries.Count, Entries[0]);

    public override string ToString() => string.Join(", ", Entries);
}
