using System.Globalization;
using Tessera.Topo.File;
using Tessera.Topo.Tests.Backend;

namespace Tessera.Topo.Tests;

// The test assembly doubles as a child process for the cross-process tests:
//   dotnet Tessera.Topo.Tests.dll topo-race <root> <path> <count>
// increments the counter at <path> <count> times through the file backend and prints the
// number of version conflicts it retried;
//   dotnet Tessera.Topo.Tests.dll topo-lock <root> <path>
// takes the lock at <path>, prints "locked" and holds it until killed.
// The test runner never calls Main.
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
        if (args.Length == 3 && args[0] == "topo-lock")
        {
            // Takes the lock, says so, and holds it (renewing) until killed.
            var topo = new FileTopo(args[1]);
            await using var held = await topo.LockAsync(args[2], "child holder", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
            Console.WriteLine("locked");
            await Task.Delay(TimeSpan.FromSeconds(60));
            return 0;
        }
        await Console.Error.WriteLineAsync("usage: topo-race <root> <path> <count> | topo-lock <root> <path>");
        return 2;
    }
}
