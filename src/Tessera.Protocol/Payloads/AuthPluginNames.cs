namespace Tessera.Protocol.Payloads;

public static class AuthPluginNames
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";
    public const string ClearPassword = "mysql_clear_password";
}
