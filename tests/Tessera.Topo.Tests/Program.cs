using System.Globalization;
using Tessera.Topo.File;
using Tessera.Topo.Tests.Backend;

namespace Tessera.Topo.Tests;

// The test assembly doubles as a child process for the cross-process tests:
//   dotnet Tessera.Topo.Tests.dll topo-race <root> <path> <count>
// increments the counter at <path> <count> times through the file backend and prints the
// number of version conflicts it retried. The test runner never calls Main.
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "topo-race")
        {
            var topo = new FileTopo(args[1]);
            var count = int.Parse(args[3], CultureInfo.InvariantCulture);
            var conflicts = 0;
            for (var i = 0; i < count; i++)
                conflicts += await TopoRace.IncrementAsync(topo, args[2]);
            Console.WriteLine(conflicts.ToString(CultureInfo.InvariantCulture));
            return 0;
        }
        await Console.Error.WriteLineAsync("usage: topo-race <root> <path> <count>");
        return 2;
    }
}
