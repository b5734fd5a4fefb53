using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tessera.Topo.File;

// The content of a lock file: who holds it and until when. Another process may break it once
// expires_unix_ms has passed or once the holder pid (on this host) no longer runs.
internal sealed record FileLockRecord(
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("hostname")] string Hostname,
    [property: JsonPropertyName("purpose")] string Purpose,
    [property: JsonPropertyName("expires_unix_ms")] long ExpiresUnixMs)
{
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static FileLockRecord? TryParse(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize<FileLockRecord>(bytes);
        }
        catch (JsonException)
        {
            // A torn or foreign file: treat as no holder.
            return null;
        }
    }

    public bool IsExpired(DateTimeOffset now) => now.ToUnixTimeMilliseconds() >= ExpiresUnixMs;

    public bool HolderIsDead()
    {
        if (!string.Equals(Hostname, Environment.MachineName, StringComparison.Ordinal))
            return false;
        try
        {
            using var p = System.Diagnostics.Process.GetProcessById(Pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
