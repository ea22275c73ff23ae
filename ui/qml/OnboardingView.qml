import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// "Join your clinic": the invitation link, the clinic's address and fingerprint to compare, and for clinic
// roles the authenticator set-up (QR code, the key for typing in, the first code).
Item {
    id: root

    required property SessionController controller
    readonly property EnrolmentController enrolment: controller.enrolment
    readonly property int stage: enrolment ? enrolment.stage : EnrolmentController.EnterLink

    function submitLink() {
        if (linkField.text.length === 0)
            return
        root.enrolment.useLinkText(linkField.text)
        linkField.text = ""
    }
    function submitCode() {
        if (codeField.text.length === 0)
            return
        root.enrolment.confirmCode(codeField.text)
        codeField.text = ""
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 600)
        padding: 32
        background: Rectangle { color: "white"; radius: 12; border.color: "#dbe3e3" }

        ColumnLayout {
            anchors.fill: parent
            spacing: 14

            Label {
                objectName: "onboardingTitle"
                text: root.stage === EnrolmentController.TotpSetup ? qsTr("Set up your sign-in codes")
                                                                    : qsTr("Join your clinic")
                font.pixelSize: 26
                font.bold: true
                color: "#0b4f4b"
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }

            // Step 1: the link.
            ColumnLayout {
                objectName: "linkStep"
                visible: root.stage === EnrolmentController.EnterLink
                Layout.fillWidth: true
                spacing: 10
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: "#3c4747"
                    text: qsTr("Your clinic sent you an invitation link that starts with ward://enrol. Paste it here. Use it only once, on this computer.")
                }
                TextField {
                    id: linkField
                    objectName: "linkField"
                    Layout.fillWidth: true
                    placeholderText: qsTr("ward://enrol?…")
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
                    maximumLength: 1024
                    focus: visible
                    Accessible.name: qsTr("Invitation link")
                    onAccepted: root.submitLink()
                }
            }

            // Step 2: compare what the link names with what the clinic said.
            ColumnLayout {
                objectName: "confirmStep"
                visible: root.stage === EnrolmentController.ConfirmClinic || root.stage === EnrolmentController.Working
                Layout.fillWidth: true
                spacing: 8
                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.WordWrap
                    color: "#3c4747"
                    text: qsTr("Check that these match what your clinic gave you on paper or read to you. If anything differs, do not continue: call your clinic.")
                }
                Label { text: qsTr("Clinic server"); font.bold: true }
                Label {
                    objectName: "serverAddress"
                    text: root.enrolment ? root.enrolment.serverAddress : ""
                    font.family: "monospace"
                    font.pixelSize: 16
                    Accessible.name: qsTr("Clinic server: %1").arg(text)
                }
                Label { text: qsTr("Clinic fingerprint"); font.bold: true }
                // Four groups a line: the shape clinics print, so the eye can compare row by row.
                GridLayout {
                    objectName: "organisationFingerprint"
                    columns: 4
                    columnSpacing: 14
                    rowSpacing: 4
                    Accessible.role: Accessible.StaticText
                    Accessible.name: qsTr("Clinic fingerprint: %1").arg(root.enrolment ? root.enrolment.organisationFingerprint : "")
                    Repeater {
                        model: root.enrolment ? root.enrolment.organisationFingerprint.split(" ") : []
                        Label {
                            required property string modelData
                            text: modelData
                            font.family: "monospace"
                            font.pixelSize: 18
                            color: "#0b4f4b"
                        }
                    }
                }
            }

            // Step 3 (clinic roles): the authenticator.
            RowLayout {
                objectName: "totpStep"
                visible: root.stage === EnrolmentController.TotpSetup
                Layout.fillWidth: true
                spacing: 20
                Image {
                    objectName: "totpQr"
                    Layout.preferredWidth: 200
                    Layout.preferredHeight: 200
                    source: root.enrolment ? root.enrolment.qrSource : ""
                    sourceSize: Qt.size(200, 200)
                    cache: false
                    smooth: false
                    // Unscaled: the provider already drew each module a whole number of pixels.
                    fillMode: Image.Pad
                    visible: source.toString().length > 0
                    Accessible.role: Accessible.Graphic
                    Accessible.name: qsTr("QR code for your authenticator app")
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.WordWrap
                        color: "#3c4747"
                        text: root.enrolment && root.enrolment.newAuthenticator
                              ? qsTr("Your role at the clinic needs a code from an authenticator app each time you sign in. Scan this QR code with the app (for example FreeOTP or Google Authenticator), then type the 6 digits it shows.")
                              : qsTr("Your account already has sign-in codes. Type the 6 digits your authenticator app shows for Ward now.")
                    }
                    Button {
                        objectName: "manualKeyButton"
                        visible: root.enrolment && root.enrolment.newAuthenticator
                        text: root.enrolment && root.enrolment.manualKey.length > 0 ? qsTr("Hide the key") : qsTr("Cannot scan? Show the key")
                        Accessible.name: text
                        onClicked: root.enrolment.manualKey.length > 0 ? root.enrolment.hideManualKey() : root.enrolment.showManualKey()
                    }
                    Label {
                        objectName: "manualKey"
                        Layout.fillWidth: true
                        visible: text.length > 0
                        wrapMode: Text.WordWrap
                        text: root.enrolment ? root.enrolment.manualKey : ""
                        font.family: "monospace"
                        font.pixelSize: 15
                        Accessible.name: qsTr("Key for typing in: %1").arg(text)
                    }
                    TextField {
                        id: codeField
                        objectName: "enrolCodeField"
                        Layout.preferredWidth: 160
                        placeholderText: qsTr("6-digit code")
                        maximumLength: 7
                        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
                        validator: RegularExpressionValidator { regularExpression: /[0-9 ]{0,7}/ }
                        font.pixelSize: 18
                        focus: root.stage === EnrolmentController.TotpSetup
                        Accessible.name: qsTr("Code from your authenticator app")
                        onAccepted: root.submitCode()
                    }
                }
            }

            Label {
                objectName: "onboardingMessage"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.WordWrap
                color: "#b3261e"
                text: root.enrolment ? root.enrolment.message : ""
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BusyIndicator {
                    running: root.stage === EnrolmentController.Working
                    visible: running
                    implicitWidth: 32
                    implicitHeight: 32
                }
                Label {
                    Layout.fillWidth: true
                    visible: root.stage === EnrolmentController.Working
                    wrapMode: Text.WordWrap
                    text: qsTr("Contacting your clinic…")
                }
                Item { Layout.fillWidth: root.stage !== EnrolmentController.Working }
                Button {
                    objectName: "notNowButton"
                    visible: root.stage === EnrolmentController.EnterLink
                    text: qsTr("Not now")
                    Accessible.name: qsTr("Not now: go to your visit history")
                    onClicked: root.controller.deferEnrolment()
                }
                Button {
                    objectName: "backButton"
                    visible: root.stage === EnrolmentController.ConfirmClinic
                    text: qsTr("Back")
                    Accessible.name: qsTr("Back to the invitation link")
                    onClicked: root.enrolment.back()
                }
                PrimaryButton {
                    objectName: "linkButton"
                    visible: root.stage === EnrolmentController.EnterLink
                    enabled: linkField.text.length > 0
                    text: qsTr("Continue")
                    Accessible.name: qsTr("Continue with this link")
                    onClicked: root.submitLink()
                }
                PrimaryButton {
                    objectName: "joinButton"
                    visible: root.stage === EnrolmentController.ConfirmClinic
                    text: qsTr("They match: join")
                    Accessible.name: qsTr("The address and fingerprint match: join the clinic")
                    onClicked: root.enrolment.join()
                }
                PrimaryButton {
                    objectName: "confirmCodeButton"
                    visible: root.stage === EnrolmentController.TotpSetup
                    enabled: codeField.text.length > 0
                    text: qsTr("Confirm code")
                    Accessible.name: qsTr("Confirm the code")
                    onClicked: root.submitCode()
                }
            }
        }
    }
}
