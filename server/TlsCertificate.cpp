#include "TlsCertificate.h"

#include "ServerKeyFile.h"

#include <QFile>
#include <QHostAddress>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <sodium.h>

#include <memory>

namespace ward::server {

namespace {

struct BioFree {
    void operator()(BIO* bio) const { BIO_free(bio); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509* cert) const { X509_free(cert); }
};
struct BnFree {
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ExtensionFree {
    void operator()(X509_EXTENSION* ext) const { X509_EXTENSION_free(ext); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Certificate = std::unique_ptr<X509, X509Free>;

Error tlsError(const QString& what)
{
    return makeError(ErrorCode::Crypto,
        QStringLiteral("ward-server could not %1 (OpenSSL: %2).")
            .arg(what, QString::fromLatin1(ERR_reason_error_string(ERR_get_error()))));
}

// OpenSSL must never stop to ask for a passphrase on the terminal: an encrypted key is refused instead.
int refusePassphrase(char*, int, int, void*)
{
    return 0;
}

Bio readOnlyBio(const void* data, std::size_t size)
{
    return Bio(BIO_new_mem_buf(data, static_cast<int>(size)));
}

Pkey readKey(const crypto::SecretBytes& pem)
{
    Bio bio = readOnlyBio(pem.data(), pem.size());
    return Pkey(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
}

Certificate readCertificate(const QByteArray& pem)
{
    Bio bio = readOnlyBio(pem.constData(), static_cast<std::size_t>(pem.size()));
    return Certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, refusePassphrase, nullptr) : nullptr);
}

bool addExtension(X509* cert, int nid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtensionFree> ext(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool setRandomSerial(X509* cert)
{
    std::unique_ptr<BIGNUM, BnFree> serial(BN_new());
    // 127 bits: positive, below the 20-byte limit, and unpredictable.
    return serial && BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1
        && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) != nullptr;
}

// The key's PEM text, copied into wiped memory; OpenSSL's buffer is cleansed before it is freed.
Result<crypto::SecretBytes> keyPem(EVP_PKEY* key)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
        return tlsError(QStringLiteral("encode the TLS key"));
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    crypto::SecretBytes pem(reinterpret_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size));
    OPENSSL_cleanse(data, static_cast<std::size_t>(size));
    return pem;
}

Result<QByteArray> certificatePem(X509* cert)
{
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        return tlsError(QStringLiteral("encode the TLS certificate"));
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, static_cast<qsizetype>(size));
}

Result<QByteArray> readPublicFile(const QString& path, qsizetype maxBytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
            QStringLiteral("ward-server could not read the certificate %1 (%2).")
                .arg(path, file.errorString()));
    }
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The certificate %1 is larger than %2 bytes; give one PEM certificate.")
                .arg(path)
                .arg(maxBytes));
    }
    return bytes;
}

} // namespace

Result<TlsMaterial> makeSelfSignedCertificate(const QString& host)
{
    Pkey key(EVP_EC_gen("P-256"));
    Certificate cert(X509_new());
    if (!key || !cert) {
        return tlsError(QStringLiteral("make a TLS key"));
    }
    const QByteArray hostUtf8 = host.toUtf8();
    const bool isIp = !QHostAddress(host).isNull();
    QByteArray altNames = (isIp ? QByteArrayLiteral("IP:") : QByteArrayLiteral("DNS:")) + hostUtf8;
    if (host != QLatin1String("127.0.0.1")) {
        altNames += ",IP:127.0.0.1";
    }
    X509_NAME* name = X509_get_subject_name(cert.get());
    const bool built = X509_set_version(cert.get(), X509_VERSION_3) == 1 && setRandomSerial(cert.get())
        && X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr
        && X509_gmtime_adj(X509_getm_notAfter(cert.get()), 60L * 60 * 24 * kSelfSignedValidityDays) != nullptr
        && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
               reinterpret_cast<const unsigned char*>(hostUtf8.constData()),
               static_cast<int>(hostUtf8.size()), -1, 0)
            == 1
        && X509_set_issuer_name(cert.get(), name) == 1 && X509_set_pubkey(cert.get(), key.get()) == 1
        && addExtension(cert.get(), NID_subject_alt_name, altNames.constData())
        && addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE")
        && addExtension(cert.get(), NID_key_usage, "critical,digitalSignature")
        && addExtension(cert.get(), NID_ext_key_usage, "serverAuth")
        && X509_sign(cert.get(), key.get(), EVP_sha256()) > 0;
    if (!built) {
        return tlsError(QStringLiteral("make the TLS certificate"));
    }
    auto pem = certificatePem(cert.get());
    if (!pem) {
        return pem.error();
    }
    auto keyText = keyPem(key.get());
    if (!keyText) {
        return keyText.error();
    }
    return TlsMaterial { std::move(pem).value(), std::move(keyText).value() };
}

Result<TlsMaterial> readTlsFiles(const QString& certificateFile, const QString& keyFile)
{
    auto cert = readPublicFile(certificateFile, kMaxCertificateFileBytes);
    if (!cert) {
        return cert.error();
    }
    auto key = readSecretFile(
        keyFile, static_cast<std::size_t>(kMaxPrivateKeyFileBytes), QStringLiteral("TLS key"));
    if (!key) {
        return key.error();
    }
    TlsMaterial material { std::move(cert).value(), std::move(key).value() };
    if (auto checked = checkTlsPair(material); !checked) {
        return checked.error();
    }
    return material;
}

Status checkTlsPair(const TlsMaterial& material)
{
    Certificate cert = readCertificate(material.certificatePem);
    if (!cert) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral(
                "The TLS certificate is not a PEM certificate. Give the certificate in PEM form."));
    }
    Pkey key = readKey(material.privateKeyPem);
    if (!key) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The TLS key is not an unencrypted PEM private key. Give the key without a "
                           "passphrase (the data folder keeps it owner-only)."));
    }
    if (X509_check_private_key(cert.get(), key.get()) != 1) {
        return makeError(ErrorCode::InvalidArgument,
            QStringLiteral("The TLS key does not belong to the TLS certificate. Give the matching pair."));
    }
    return {};
}

Result<TlsCredentials> toTlsCredentials(const TlsMaterial& material)
{
    QSslCertificate certificate(material.certificatePem, QSsl::Pem);
    if (certificate.isNull()) {
        return makeError(ErrorCode::Corrupt, QStringLiteral("The TLS certificate tls.crt does not load."));
    }
    QByteArray pem(material.privateKeyPem.chars(), static_cast<qsizetype>(material.privateKeyPem.size()));
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Ec, QSsl::Rsa }) {
        key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) {
            break;
        }
    }
    sodium_memzero(pem.data(), static_cast<std::size_t>(pem.size()));
    if (key.isNull()) {
        return makeError(ErrorCode::Corrupt,
            QStringLiteral(
                "The TLS key tls.key does not load (ECDSA or RSA keys in PEM form are supported)."));
    }
    return TlsCredentials { certificate, key };
}

} // namespace ward::server
