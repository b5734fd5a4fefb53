using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Gate.Tests.EndToEnd;

// The few counters of sysbench 1.0's end-of-run report the tests check.
internal sealed partial record SysbenchOutput(long Transactions, long IgnoredErrors, long Reconnects)
{
    public static SysbenchOutput Parse(string stdout) =>
        new(Count(TransactionsLine(), stdout), Count(IgnoredErrorsLine(), stdout), Count(ReconnectsLine(), stdout));

    private static long Count(Regex line, string stdout)
    {
        var m = line.Match(stdout);
        return m.Success ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : throw new FormatException($"no '{line}' in sysbench output:\n{stdout}");
    }

    [GeneratedRegex(@"^\s*transactions:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex TransactionsLine();

    [GeneratedRegex(@"^\s*ignored errors:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex IgnoredErrorsLine();

    [GeneratedRegex(@"^\s*reconnects:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex ReconnectsLine();
}
