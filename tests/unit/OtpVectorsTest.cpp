// HOTP and TOTP against the published vectors: RFC 4226 Appendix D (SHA-1, counters 0-9) and RFC 6238
// Appendix B (SHA-1, SHA-256 and SHA-512 with their own seeds, 8 digits, 30-second steps, T0 = 0), read from
// tests/vectors/otp-hotp-rfc4226-totp-rfc6238.json.
#include "TestSupport.h"

#include "crypto/otp/Hotp.h"
#include "crypto/otp/Totp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <catch2/catch.hpp>

using namespace ward;
using namespace ward::crypto;
using namespace ward::crypto::otp;

namespace {

QJsonObject vectors()
{
    QFile file(QStringLiteral(WARD_TEST_VECTORS_DIR "/otp-hotp-rfc4226-totp-rfc6238.json"));
    REQUIRE(file.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
    REQUIRE(doc.isObject());
    return doc.object();
}

SecretBytes fromHex(const QString& hex)
{
    const QByteArray bytes = QByteArray::fromHex(hex.toLatin1());
    REQUIRE(bytes.size() * 2 == hex.size());
    return SecretBytes(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
}

std::string text(const Result<SecretBytes>& code)
{
    REQUIRE(code.ok());
    return std::string(code->chars(), code->size());
}

} // namespace

TEST_CASE("HOTP gives RFC 4226's codes, and their 7- and 8-digit forms", "[otp]")
{
    const QJsonObject hotpVectors = vectors().value(QStringLiteral("hotp_rfc4226")).toObject();
    const SecretBytes secret = fromHex(hotpVectors.value(QStringLiteral("secret_hex")).toString());
    const QJsonArray list = hotpVectors.value(QStringLiteral("vectors")).toArray();
    REQUIRE(list.size() == 10);
    for (const QJsonValue v : list) {
        const QJsonObject vector = v.toObject();
        const auto counter = static_cast<std::uint64_t>(vector.value(QStringLiteral("count")).toInt());
        const auto truncated
            = static_cast<std::uint64_t>(vector.value(QStringLiteral("truncated_decimal")).toDouble());
        INFO("counter " << counter);
        CHECK(text(hotp(secret, counter, { HashAlgorithm::Sha1, 6, 30 }))
            == vector.value(QStringLiteral("hotp_6digit")).toString().toStdString());
        // The same truncated value, reduced mod 10^7 and 10^8 and zero-padded.
        CHECK(text(hotp(secret, counter, { HashAlgorithm::Sha1, 7, 30 }))
            == QStringLiteral("%1").arg(truncated % 10'000'000, 7, 10, QLatin1Char('0')).toStdString());
        CHECK(text(hotp(secret, counter, { HashAlgorithm::Sha1, 8, 30 }))
            == QStringLiteral("%1").arg(truncated % 100'000'000, 8, 10, QLatin1Char('0')).toStdString());
    }
}

TEST_CASE("TOTP gives every RFC 6238 code for SHA-1, SHA-256 and SHA-512", "[otp]")
{
    const QJsonObject totpVectors = vectors().value(QStringLiteral("totp_rfc6238")).toObject();
    REQUIRE(totpVectors.value(QStringLiteral("digits")).toInt() == 8);
    REQUIRE(totpVectors.value(QStringLiteral("time_step_X")).toInt() == 30);
    const QJsonObject seeds = totpVectors.value(QStringLiteral("seeds_hex")).toObject();
    const QJsonArray list = totpVectors.value(QStringLiteral("vectors")).toArray();
    REQUIRE(list.size() == 18);

    int checked[3] = { 0, 0, 0 };
    for (const QJsonValue v : list) {
        const QJsonObject vector = v.toObject();
        const QString mode = vector.value(QStringLiteral("mode")).toString();
        const auto algorithm = algorithmFromName(mode);
        REQUIRE(algorithm);
        const SecretBytes seed = fromHex(seeds.value(mode).toString());
        const auto time = static_cast<std::int64_t>(vector.value(QStringLiteral("time")).toDouble());
        const std::string expected = vector.value(QStringLiteral("totp")).toString().toStdString();
        INFO(mode.toStdString() << " at " << time);

        auto step = totpStep(time, 30);
        REQUIRE(step.ok());
        CHECK(*step == vector.value(QStringLiteral("T_hex")).toString().toULongLong(nullptr, 16));
        CHECK(text(totp(seed, time, { *algorithm, 8, 30 })) == expected);
        // A 6-digit code is the last six digits of the 8-digit one.
        CHECK(text(totp(seed, time, { *algorithm, 6, 30 })) == expected.substr(2));
        ++checked[*algorithm == HashAlgorithm::Sha1 ? 0 : *algorithm == HashAlgorithm::Sha256 ? 1 : 2];
    }
    CHECK(checked[0] == 6);
    CHECK(checked[1] == 6);
    CHECK(checked[2] == 6);
}

TEST_CASE("TOTP steps count whole periods from the epoch and refuse times before it", "[otp]")
{
    CHECK(totpStep(0, 30).value() == 0);
    CHECK(totpStep(29, 30).value() == 0);
    CHECK(totpStep(30, 30).value() == 1);
    CHECK(totpStep(119, 60).value() == 1);
    CHECK(totpStep(120, 60).value() == 2);
    CHECK(totpStep(-1, 30).error().code == ErrorCode::InvalidArgument);
    CHECK(totpStep(100, 0).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("One-time passwords refuse short secrets, unsupported hashes and digit counts", "[otp]")
{
    const SecretBytes good = fromHex(QStringLiteral("3132333435363738393031323334353637383930"));
    const SecretBytes short15 = fromHex(QStringLiteral("313233343536373839303132333435"));
    const SecretBytes long129 = SecretBytes::random(129);
    CHECK(hotp(good, 0, { HashAlgorithm::Sha1, 6, 30 }).ok());
    CHECK(hotp(short15, 0, { HashAlgorithm::Sha1, 6, 30 }).error().code == ErrorCode::InvalidArgument);
    CHECK(hotp(long129, 0, { HashAlgorithm::Sha1, 6, 30 }).error().code == ErrorCode::InvalidArgument);
    CHECK(hotp(good, 0, { HashAlgorithm::Blake2b, 6, 30 }).error().code == ErrorCode::InvalidArgument);
    CHECK(hotp(good, 0, { HashAlgorithm::Sha1, 5, 30 }).error().code == ErrorCode::InvalidArgument);
    CHECK(hotp(good, 0, { HashAlgorithm::Sha1, 9, 30 }).error().code == ErrorCode::InvalidArgument);
    CHECK(totp(good, 59, { HashAlgorithm::Sha1, 6, 0 }).error().code == ErrorCode::InvalidArgument);
    CHECK(totp(good, 59, { HashAlgorithm::Sha1, 6, 3601 }).error().code == ErrorCode::InvalidArgument);
    // The message says what to do and never shows the secret.
    const auto refused = hotp(short15, 0, { HashAlgorithm::Sha1, 6, 30 });
    CHECK(refused.error().message.contains(QStringLiteral("128 bits")));
}
