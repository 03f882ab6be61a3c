using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HelpBot.Bot.Accounts;

/// <summary>
/// Salted PBKDF2-SHA256 password hashes for the embedded directory, as <c>pbkdf2-sha256$iterations$salt$hash</c>
/// (base64). The iteration count travels with the hash, so raising it later still verifies older hashes.
/// </summary>
internal static class PasswordHash
{
    public const int Iterations = 210_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Create(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string? stored)
    {
        if (string.IsNullOrEmpty(stored) || string.IsNullOrEmpty(password))
        {
            return false;
        }
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 100_000)
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
