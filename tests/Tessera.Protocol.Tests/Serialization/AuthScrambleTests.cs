using Tessera.Protocol.Auth;

namespace Tessera.Protocol.Tests.Serialization;

public class AuthScrambleTests
{
    [Fact]
    public void NativePassword_ProofVerifiesAgainstStoredHash()
    {
        var nonce = AuthScramble.NewNonce();
        var proof = AuthScramble.NativePassword("secret", nonce);
        Assert.True(AuthScramble.VerifyNativePassword(proof, nonce, AuthScramble.NativePasswordHash("secret")));
        Assert.False(AuthScramble.VerifyNativePassword(proof, nonce, AuthScramble.NativePasswordHash("other")));
    }

    [Fact]
    public void NativePasswordHash_MatchesMySqlPasswordFunction()
    {
        // MariaDB: SELECT PASSWORD('password') = '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19'
        Assert.Equal("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", Convert.ToHexString(AuthScramble.NativePasswordHash("password")));
    }

    [Fact]
    public void CachingSha2_ProofVerifiesAgainstCache()
    {
        var nonce = AuthScramble.NewNonce();
        var proof = AuthScramble.CachingSha2Password("secret", nonce);
        Assert.True(AuthScramble.VerifyCachingSha2Password(proof, nonce, AuthScramble.CachingSha2Hash("secret")));
        Assert.False(AuthScramble.VerifyCachingSha2Password(proof, AuthScramble.NewNonce(), AuthScramble.CachingSha2Hash("secret")));
    }
}
