using System.Globalization;

namespace Tessera.Cli.Local;

// One tablet the local cluster runs: what `up` or `tablet-up` started it as. Kept as one line
// ("keyspace shard type") in <data root>/tablets/<uid>, so `status` and `down` know every tablet
// without asking the topo (which a stopped tablet has already left).
internal sealed record LocalTablet(uint Uid, string Keyspace, string Shard, string Type)
{
    public string Name => LocalLayout.TabletName(Uid);

    public static string RecordFile(string tabletsDir, uint uid) => Path.Combine(tabletsDir, uid.ToString(CultureInfo.InvariantCulture));

    public void Save(string tabletsDir)
    {
        Directory.CreateDirectory(tabletsDir);
        File.WriteAllText(RecordFile(tabletsDir, Uid), $"{Keyspace} {Shard} {Type}\n");
    }

    public static IReadOnlyList<LocalTablet> LoadAll(string tabletsDir)
    {
        if (!Directory.Exists(tabletsDir)) return [];
        var tablets = new List<LocalTablet>();
        foreach (var file in Directory.EnumerateFiles(tabletsDir))
        {
            if (!uint.TryParse(Path.GetFileName(file), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)) continue;
            var parts = File.ReadAllText(file).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3) tablets.Add(new LocalTablet(uid, parts[0], parts[1], parts[2]));
        }
        tablets.Sort((a, b) => a.Uid.CompareTo(b.Uid));
        return tablets;
    }
}
