namespace Tessera.Topo.Backend;

// Path checks shared by the backends (see ITopoBackend for the rules).
internal static class TopoPath
{
    public static string[] Validate(string path, bool allowRoot = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
            return allowRoot ? [] : throw new TopoException(TopoErrorCode.InvalidPath, path, "invalid topo path: empty");
        var segments = path.Split('/');
        foreach (var s in segments)
        {
            if (s.Length == 0 || s[0] == '.' || s.Contains('\\', StringComparison.Ordinal) || s.Contains('\0', StringComparison.Ordinal))
                throw new TopoException(TopoErrorCode.InvalidPath, path, $"invalid topo path: '{path}' (segment '{s}')");
        }
        return segments;
    }

    public static string Join(string dir, string name) => dir.Length == 0 ? name : dir + "/" + name;
}
