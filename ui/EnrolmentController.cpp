#include "EnrolmentController.h"

#include "SecretText.h"
#include "crypto/otp/Base32.h"
#include "crypto/otp/OtpAuthUri.h"

#include <QSysInfo>

namespace ward::ui {

namespace {

constexpr qsizetype kTotpCodeDigits = 6;

QString groupedHex(const QByteArray& bytes)
{
    const QString hex = QString::fromLatin1(bytes.toHex());
    QStringList groups;
    for (qsizetype i = 0; i < hex.size(); i += 4) {
        groups.append(hex.mid(i, 4));
    }
    return groups.join(QLatin1Char(' '));
}

bool isSixDigits(const QString& code)
{
    if (code.size() != kTotpCodeDigits) {
        return false;
    }
    return std::all_of(code.begin(), code.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

} // namespace

EnrolmentController::EnrolmentController(
    const crypto::DeviceIdentity& identity, std::shared_ptr<QrImageStore> images, QObject* parent)
    : QObject(parent)
    , m_identity(identity)
    , m_images(std::move(images))
{ }

EnrolmentController::~EnrolmentController()
{
    endTotpSetup();
}

QString EnrolmentController::serverAddress() const
{
    return m_link ? m_link->serverAddress() : QString();
}

QString EnrolmentController::organisationFingerprint() const
{
    return m_link ? groupedHex(m_link->organisationFingerprint) : QString();
}

void EnrolmentController::setStage(Stage stage)
{
    if (m_stage != stage) {
        m_stage = stage;
        emit stageChanged();
    }
}

void EnrolmentController::setMessage(const QString& message)
{
    if (m_message != message) {
        m_message = message;
        emit messageChanged();
    }
}

bool EnrolmentController::useLinkText(const QString& text)
{
    return useLink(secretFromText(text.trimmed()));
}

bool EnrolmentController::useLink(const crypto::SecretBytes& link)
{
    if (m_stage == Stage::Working || m_stage == Stage::TotpSetup) {
        return false;
    }
    if (link.empty()) {
        setMessage(tr("Paste the invitation link from your clinic. It starts with ward://enrol."));
        return false;
    }
    auto parsed = protocol::EnrolmentLink::parse(link);
    if (!parsed) {
        setMessage(parsed.error().message);
        return false;
    }
    m_link.emplace(std::move(parsed).value());
    setMessage({});
    m_stage = Stage::ConfirmClinic;
    emit stageChanged(); // the address and fingerprint changed even when the stage did not
    return true;
}

void EnrolmentController::back()
{
    if (m_stage != Stage::ConfirmClinic) {
        return;
    }
    m_link.reset();
    setMessage({});
    setStage(Stage::EnterLink);
}

void EnrolmentController::join()
{
    if (m_stage != Stage::ConfirmClinic || !m_link) {
        return;
    }
    m_enrolment
        = std::make_unique<net::Enrolment>(std::move(*m_link), m_identity, QSysInfo::machineHostName());
    m_link.reset();
    auto* enrolment = m_enrolment.get();
    connect(enrolment, &net::Enrolment::totpSetupNeeded, this, [this] {
        const crypto::SecretBytes& uri = m_enrolment->totpUri();
        // No link for a further device of a clinic account: the authenticator already knows Ward.
        auto source = uri.empty() ? Result<QString>(QString()) : m_images->put(QStringLiteral("totp"), uri);
        m_qrSource = source ? source.value() : QString();
        setMessage(source ? QString() : source.error().message);
        m_stage = Stage::TotpSetup;
        emit stageChanged();
    });
    connect(enrolment, &net::Enrolment::totpRejected, this, [this](const QString& message) {
        setMessage(message);
        emit stageChanged(); // the view re-enables the code field
    });
    connect(enrolment, &net::Enrolment::finished, this, [this](const net::ServerAccount& account) {
        endTotpSetup();
        setMessage({});
        emit enrolled(account);
    });
    connect(enrolment, &net::Enrolment::failed, this, [this](const QString& message) {
        endTotpSetup();
        m_enrolment.release()->deleteLater(); // we are inside one of its signals
        setMessage(message);
        setStage(Stage::EnterLink);
    });
    setMessage({});
    setStage(Stage::Working);
    enrolment->start();
}

void EnrolmentController::confirmCode(const QString& code)
{
    if (m_stage != Stage::TotpSetup || !m_enrolment) {
        return;
    }
    const QString trimmed = code.trimmed().remove(QLatin1Char(' '));
    if (!isSixDigits(trimmed)) {
        setMessage(tr("Type the 6 digits your authenticator app shows for Ward."));
        return;
    }
    setMessage({});
    m_enrolment->confirm(secretFromText(trimmed));
}

void EnrolmentController::showManualKey()
{
    if (m_stage != Stage::TotpSetup || !m_enrolment || m_enrolment->totpUri().empty()) {
        return;
    }
    auto uri = crypto::otp::OtpAuthUri::parse(m_enrolment->totpUri());
    if (!uri) {
        setMessage(uri.error().message);
        return;
    }
    const crypto::SecretBytes key
        = crypto::otp::base32Encode(uri.value().secret, crypto::otp::Base32Padding::Omit);
    // Qt's text rendering needs a QString; it lives only while the person has the key shown.
    QString grouped;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i > 0 && i % 4 == 0) {
            grouped.append(QLatin1Char(' '));
        }
        grouped.append(QLatin1Char(static_cast<char>(key.data()[i])));
    }
    m_manualKey = grouped;
    emit manualKeyChanged();
}

void EnrolmentController::hideManualKey()
{
    if (!m_manualKey.isEmpty()) {
        m_manualKey.fill(QLatin1Char(' '));
        m_manualKey.clear();
        emit manualKeyChanged();
    }
}

void EnrolmentController::endTotpSetup()
{
    hideManualKey();
    if (!m_qrSource.isEmpty()) {
        m_images->drop(m_qrSource);
        m_qrSource.clear();
    }
}

} // namespace ward::ui
