using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Realtime.Testing;

/// <summary>
/// A throwaway certificate authority with one loopback serving certificate and one client certificate, written as
/// PEM files, for processes that speak TLS with client authentication on 127.0.0.1 (the apiextensions-apiserver).
/// </summary>
public sealed class TestCertificates
{
    private TestCertificates(string authority, string serverCertificate, string serverKey, string clientCertificate, string clientKey)
    {
        AuthorityPem = authority;
        ServerCertificatePem = serverCertificate;
        ServerKeyPem = serverKey;
        ClientCertificatePem = clientCertificate;
        ClientKeyPem = clientKey;
    }

    public string AuthorityPem { get; }

    public string ServerCertificatePem { get; }

    public string ServerKeyPem { get; }

    public string ClientCertificatePem { get; }

    public string ClientKeyPem { get; }

    /// <summary>The client certificate's subject: Kubernetes reads CN as the user name and each O as a group.</summary>
    public static TestCertificates Create(string clientCommonName, string clientOrganization)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=realtime-tests-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var (serverCertificate, serverKey) = Issue(authority, "CN=127.0.0.1", now, server: true);
        var (clientCertificate, clientKey) = Issue(authority, $"CN={clientCommonName}, O={clientOrganization}", now, server: false);
        return new TestCertificates(authority.ExportCertificatePem(), serverCertificate, serverKey, clientCertificate, clientKey);
    }

    private static (string Certificate, string Key) Issue(X509Certificate2 authority, string subject, DateTimeOffset now, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(authority, now.AddMinutes(-5), now.AddDays(1), serial);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
