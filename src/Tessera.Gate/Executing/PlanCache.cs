using System.Collections.Concurrent;
using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// Plans by normalized SQL + target + VSchema revision (Vitess: the plan cache). A new VSchema
// revision makes old keys unreachable; the whole cache is dropped then and when it grows past
// its bound, which keeps it simple and its memory bounded.
internal sealed class PlanCache(int capacity = 10_000)
{
    private readonly ConcurrentDictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private long _revision = -1;

    public int Count => _plans.Count;

    public long Hits;

    public long Misses;

    public Plan GetOrAdd(string key, long revision, Func<Plan> build)
    {
        if (Interlocked.Exchange(ref _revision, revision) != revision)
        {
            _plans.Clear();
        }

        if (_plans.TryGetValue(key, out var plan))
        {
            Interlocked.Increment(ref Hits);
            return plan;
        }

        Interlocked.Increment(ref Misses);
        plan = build();
        if (_plans.Count >= capacity)
        {
            _plans.Clear();
        }

        _plans[key] = plan;
        return plan;
    }

    public IEnumerable<KeyValuePair<string, Plan>> Entries => _plans;

    public void Clear() => _plans.Clear();
}
