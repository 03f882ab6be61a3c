using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// A throwaway CA and a server certificate for 127.0.0.1 and localhost signed by it, written as PEM files into a folder,
/// made at test time so no key is ever committed. <see cref="TrustedCaDirectory"/> holds only the CA certificate: what
/// the client trusts. <see cref="Rogue"/> makes a second, unrelated CA's server certificate (the same names, signed by
/// a CA nobody trusts).
/// </summary>
public sealed class SlapdCertificates
{
    private SlapdCertificates(string serverCertificateFile, string serverKeyFile, string caFile, string trustedCaDirectory)
    {
        ServerCertificateFile = serverCertificateFile;
        ServerKeyFile = serverKeyFile;
        CaFile = caFile;
        TrustedCaDirectory = trustedCaDirectory;
    }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    public string CaFile { get; }

    /// <summary>A folder with the CA certificate only (Directory:Ldap:TrustedCaDirectory).</summary>
    public string TrustedCaDirectory { get; }

    /// <summary>Writes a fresh CA and server certificate under <paramref name="folder"/>/<paramref name="name"/>.</summary>
    public static SlapdCertificates Create(string folder, string name = "tls")
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        var now = DateTimeOffset.UtcNow;

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=HelpBot test CA {name}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var server = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));

        var caFile = Path.Combine(dir, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        var trusted = System.IO.Directory.CreateDirectory(Path.Combine(dir, "trusted")).FullName;
        File.WriteAllText(Path.Combine(trusted, "ca.pem"), ca.ExportCertificatePem());
        var certificateFile = Path.Combine(dir, "server.pem");
        File.WriteAllText(certificateFile, server.ExportCertificatePem());
        var keyFile = Path.Combine(dir, "server.key");
        File.WriteAllText(keyFile, serverKey.ExportPkcs8PrivateKeyPem());
        return new SlapdCertificates(certificateFile, keyFile, caFile, trusted);
    }

    /// <summary>Another CA's server certificate for the same names: what an impostor (or a misissued certificate) presents.</summary>
    public static SlapdCertificates Rogue(string folder) => Create(folder, "rogue");
}
