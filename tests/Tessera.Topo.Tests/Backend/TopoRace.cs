using System.Globalization;
using System.Text;
using Tessera.Topo.Backend;

namespace Tessera.Topo.Tests.Backend;

// The read-modify-write loop racing tests (and the child process) run.
internal static class TopoRace
{
    // Adds one to the decimal counter at path; returns how many BadVersion retries it took.
    public static async Task<int> IncrementAsync(ITopoBackend topo, string path)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            var node = await topo.GetAsync(path);
            var value = long.Parse(Encoding.UTF8.GetString(node.Data), CultureInfo.InvariantCulture);
            try
            {
                await topo.UpdateAsync(path, Encoding.UTF8.GetBytes((value + 1).ToString(CultureInfo.InvariantCulture)), node.Version);
                return conflicts;
            }
            catch (TopoException e) when (e.Code == TopoErrorCode.BadVersion)
            {
            }
        }
    }
}
