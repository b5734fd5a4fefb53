using System.Text.Json;

namespace Tessera.Protocol.Auth;

/// Users from a static JSON file in the shape of Vitess's static auth file
/// (https://vitess.io/docs/user-guides/configuration-advanced/user-management/):
/// {"user": [{"Password": "pw", "UserData": "group"}, {"MysqlNativePassword": "*HEX…", "UserData": "…"}]}
/// Each user may list several entries; the first one is used.
public sealed class StaticAuthenticator : IMySqlAuthenticator
{
    private readonly Dictionary<string, MySqlUserCredentials> users;

    public StaticAuthenticator(IEnumerable<MySqlUserCredentials> users) =>
        this.users = users.ToDictionary(u => u.User, StringComparer.Ordinal);

    public bool AllowsAnyone => false;

    public MySqlUserCredentials? FindUser(string user) => users.GetValueOrDefault(user);

    public static StaticAuthenticator LoadFile(string path) => Parse(File.ReadAllText(path));

    public static StaticAuthenticator Parse(string json)
    {
        var entries = JsonSerializer.Deserialize<Dictionary<string, List<StaticUserEntry>>>(json)
            ?? throw new FormatException("static auth file is empty");
        var list = new List<MySqlUserCredentials>();
        foreach (var (user, userEntries) in entries)
        {
            if (userEntries.Count == 0) continue;
            var entry = userEntries[0];
            if (entry.MysqlNativePassword is { Length: > 0 } native)
            {
                var hex = native.StartsWith('*') ? native[1..] : native;
                list.Add(new MySqlUserCredentials(user, Convert.FromHexString(hex), null, entry.UserData));
            }
            else
            {
                list.Add(MySqlUserCredentials.FromPassword(user, entry.Password ?? "", entry.UserData));
            }
        }
        return new StaticAuthenticator(list);
    }

    private sealed class StaticUserEntry
    {
        public string? Password { get; set; }
        public string? MysqlNativePassword { get; set; }
        public string? UserData { get; set; }
    }
}
