namespace Tessera.Gate.Executing;

// A session's character set variables, changed as MariaDB changes them: SET NAMES sets client,
// results and connection (https://mariadb.com/kb/en/set-names/), SET CHARACTER SET client and
// results, the connection taking the database's (https://mariadb.com/kb/en/set-character-set/),
// collation_connection implies its character set and a new connection character set its default
// collation (Collation null). The tablets' pooled connections handshake with utf8mb4_general_ci,
// so all three are utf8mb4 there and their databases are utf8mb4 (mysqlctl's character-set-server):
// only a difference from that needs a reserved connection, so the `SET NAMES utf8mb4` connectors
// send at connect costs nothing (Vitess ignores it for the same reason).
internal sealed record ConnectionCharsets(string Client, string? Results, string Connection, string? Collation)
{
    private const string Utf8mb4 = "utf8mb4";
    private const string DefaultCollation = "utf8mb4_general_ci";

    public static readonly ConnectionCharsets Default = new(Utf8mb4, Utf8mb4, Utf8mb4, null);

    public static bool IsCharsetVariable(string name) =>
        name.Equals("character_set_client", StringComparison.OrdinalIgnoreCase) || name.Equals("character_set_results", StringComparison.OrdinalIgnoreCase)
        || name.Equals("character_set_connection", StringComparison.OrdinalIgnoreCase) || name.Equals("collation_connection", StringComparison.OrdinalIgnoreCase);

    public bool IsDefault => Client == Utf8mb4 && Results == Utf8mb4 && Connection == Utf8mb4 && Collation is null or DefaultCollation;

    public ConnectionCharsets Names(string charset, string? collation)
    {
        var c = Charset(charset);
        return new(c, c, c, collation is null or "default" ? null : Name(collation));
    }

    public ConnectionCharsets CharacterSet(string charset)
    {
        var c = Charset(charset);
        return new(c, c, Utf8mb4, null);
    }

    // `set character_set_results = NULL` asks for no conversion of results: kept as null.
    public ConnectionCharsets With(string variable, string? value) => variable.ToLowerInvariant() switch
    {
        "character_set_client" => this with { Client = Charset(value ?? Utf8mb4) },
        "character_set_results" => this with { Results = value is null ? null : Charset(value) },
        "character_set_connection" => this with { Connection = Charset(value ?? Utf8mb4), Collation = null },
        _ => value is null || Name(value) == "default" ? this with { Connection = Utf8mb4, Collation = null } : this with { Connection = CharsetOfCollation(Name(value)), Collation = Name(value) },
    };

    // One statement setting all four, collation last (setting the connection's character set
    // resets it): replayed on reserved connections as one pre-query, so the order of several SETs
    // never matters. A name MariaDB does not know fails there with its own error.
    public string Statement =>
        $"set @@session.character_set_client = {Quote(Client)}, @@session.character_set_results = {(Results is null ? "NULL" : Quote(Results))}, @@session.character_set_connection = {Quote(Connection)}"
        + (Collation is null ? "" : $", @@session.collation_connection = {Quote(Collation)}");

    // MariaDB 10.11 reads utf8 as utf8mb3 (old_mode UTF8_IS_UTF8MB3, its default); DEFAULT is the
    // server's character set.
    private static string Charset(string name) => Name(name) switch
    {
        "utf8" => "utf8mb3",
        "default" => Utf8mb4,
        var n => n,
    };

    private static string CharsetOfCollation(string collation)
    {
        var at = collation.IndexOf('_', StringComparison.Ordinal);
        return Charset(at < 0 ? collation : collation[..at]);
    }

    private static string Name(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return n.StartsWith("utf8_", StringComparison.Ordinal) ? "utf8mb3_" + n["utf8_".Length..] : n;
    }

    private static string Quote(string s) => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";
}
