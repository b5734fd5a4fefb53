using Tessera.Protocol.Auth;

namespace Tessera.Protocol.Tests.Serialization;

public class StaticAuthenticatorTests
{
    [Fact]
    public void VitessStaticAuthFile_PlainAndNativeHashEntries()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {
                  "app": [{"Password": "pw", "UserData": "app_group"}],
                  "hashed": [{"MysqlNativePassword": "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", "UserData": "h"}],
                  "nopass": [{"Password": ""}]
                }
                """);
            var auth = StaticAuthenticator.LoadFile(path);
            Assert.False(auth.AllowsAnyone);
            var app = auth.FindUser("app")!;
            Assert.Equal("app_group", app.UserData);
            Assert.Equal(AuthScramble.NativePasswordHash("pw"), app.NativePasswordHash);
            Assert.Equal(AuthScramble.CachingSha2Hash("pw"), app.CachingSha2Hash);
            Assert.Equal(AuthScramble.NativePasswordHash("password"), auth.FindUser("hashed")!.NativePasswordHash);
            Assert.Null(auth.FindUser("hashed")!.CachingSha2Hash);
            Assert.False(auth.FindUser("nopass")!.HasPassword);
            Assert.Null(auth.FindUser("nobody"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
