using System.Diagnostics;
using Tessera.Gate.Engine;
using Tessera.Gate.Planning;

namespace Tessera.Gate.Executing;

// Runs a plan and records it: the plan's own stats (the status page) and the metrics by query
// type, plan type and keyspace (/metrics). One timestamp pair and a few interlocked adds per query.
internal sealed partial class Executor
{
    private async ValueTask<Result> ExecuteObservedAsync(Plan plan, GateSession session, Dictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Result result;
        try
        {
            result = await RunPlanAsync(plan, session, bindVariables, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Metrics.Error(e);
            Metrics.Observe(plan, session.Keyspace, started, null);
            throw;
        }

        Metrics.Observe(plan, session.Keyspace, started, result);
        return result;
    }
}
