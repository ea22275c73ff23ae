// The "Join your clinic" view model: takes the invitation link (pasted, or handed to the app as a ward://
// link), shows the clinic's address and organisation fingerprint for the person to compare with what the
// clinic gave them, runs net::Enrolment, and for clinic roles shows the TOTP set-up (a QR code served by
// QrImageStore and the key for typing in) until the first code is accepted. The link is a bearer secret: it
// stays in SecretBytes, is never logged, and the QR image is dropped as soon as set-up ends.
//
//   EnterLink --valid link--> ConfirmClinic --join--> Working --totpSetupNeeded--> TotpSetup
//       ^                         |                     |  \--finished--> (enrolled)      | code (retry on
//       +-------- back -----------+                     +--failed--> EnterLink (message)  | a wrong one)
#pragma once

#include "QrImageStore.h"
#include "net/Enrolment.h"
#include "protocol/EnrolmentLink.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <optional>

namespace ward::ui {

class EnrolmentController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the session controller")
    Q_PROPERTY(Stage stage READ stage NOTIFY stageChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(QString serverAddress READ serverAddress NOTIFY stageChanged)
    Q_PROPERTY(QString organisationFingerprint READ organisationFingerprint NOTIFY stageChanged)
    Q_PROPERTY(QString qrSource READ qrSource NOTIFY stageChanged)
    Q_PROPERTY(QString manualKey READ manualKey NOTIFY manualKeyChanged)
    // False for a further device of a clinic account: the person types a code from the authenticator they
    // already set up, and there is no new key to show.
    Q_PROPERTY(bool newAuthenticator READ newAuthenticator NOTIFY stageChanged)

public:
    enum class Stage { EnterLink, ConfirmClinic, Working, TotpSetup };
    Q_ENUM(Stage)

    EnrolmentController(const crypto::DeviceIdentity& identity, std::shared_ptr<QrImageStore> images,
        QObject* parent = nullptr);
    ~EnrolmentController() override;

    Stage stage() const { return m_stage; }
    QString message() const { return m_message; }
    QString serverAddress() const;
    QString organisationFingerprint() const;
    QString qrSource() const { return m_qrSource; }
    QString manualKey() const { return m_manualKey; }
    bool newAuthenticator() const { return !m_qrSource.isEmpty(); }

    // Parses a pasted link; on success moves to ConfirmClinic, otherwise `message` is the parser's sentence.
    Q_INVOKABLE bool useLinkText(const QString& text);
    bool useLink(const crypto::SecretBytes& link);
    Q_INVOKABLE void back();
    Q_INVOKABLE void join();
    Q_INVOKABLE void confirmCode(const QString& code);
    // The TOTP key written out in groups, for people who cannot scan; hidden again by hideManualKey().
    Q_INVOKABLE void showManualKey();
    Q_INVOKABLE void hideManualKey();

signals:
    void stageChanged();
    void messageChanged();
    void manualKeyChanged();
    void enrolled(const ward::net::ServerAccount& account);

private:
    void setStage(Stage stage);
    void setMessage(const QString& message);
    void endTotpSetup();

    const crypto::DeviceIdentity& m_identity;
    std::shared_ptr<QrImageStore> m_images;
    Stage m_stage = Stage::EnterLink;
    QString m_message;
    std::optional<protocol::EnrolmentLink> m_link;
    std::unique_ptr<net::Enrolment> m_enrolment;
    QString m_qrSource;
    QString m_manualKey;
};

} // namespace ward::ui
