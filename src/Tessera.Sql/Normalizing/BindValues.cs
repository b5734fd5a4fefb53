using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tessera.Sql.Normalizing;

// The values the normalizer took out, `vtg{first}` .. `vtg{first + n - 1}` in order: a list with a
// dictionary face, so a 2,000-value INSERT costs one array instead of a hash table.
internal sealed class BindValues(int first) : IReadOnlyDictionary<string, Literal>
{
    private readonly List<Literal> _values = [];

    public int Count => _values.Count;

    public IEnumerable<string> Keys => Enumerable.Range(first, _values.Count).Select(Normalizer.Name);

    public IEnumerable<Literal> Values => _values;

    public Literal this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    // Adds a value and returns its bind-variable name.
    public string Add(Literal value)
    {
        _values.Add(value);
        return Normalizer.Name(first + _values.Count - 1);
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Literal value)
    {
        value = null;
        if (key == null || !key.StartsWith(Normalizer.Prefix, StringComparison.Ordinal)
            || !int.TryParse(key.AsSpan(Normalizer.Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || n < first || n - first >= _values.Count || Normalizer.Name(n) != key)
        {
            return false;
        }

        value = _values[n - first];
        return true;
    }

    public IEnumerator<KeyValuePair<string, Literal>> GetEnumerator()
    {
        for (var i = 0; i < _values.Count; i++)
        {
            yield return new KeyValuePair<string, Literal>(Normalizer.Name(first + i), _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
