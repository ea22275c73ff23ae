import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// Asks for the authenticator code when the connection needs one, with the session's explanation. For a
// revoked or locked account there is no code to type: the message says whom to call.
Dialog {
    id: root

    required property ClinicController clinic
    readonly property bool wantsCode: clinic.needsTotp
    // "Not now" hides the prompt until the state changes or the person opens it from the indicator.
    property bool dismissed: false

    function submit() {
        if (codeField.text.length === 0)
            return
        root.clinic.signIn(codeField.text)
        codeField.text = ""
    }

    objectName: "signInDialog"
    modal: true
    closePolicy: Popup.NoAutoClose
    anchors.centerIn: parent
    width: Math.min(parent ? parent.width - 48 : 440, 440)
    visible: clinic.connection.signInNeeded && !dismissed
    padding: 20
    topPadding: 8
    background: Rectangle { color: "white"; radius: 10; border.color: "#b9c7c7" }
    header: Label {
        text: root.title
        font.pixelSize: 18
        font.bold: true
        color: "#0b4f4b"
        padding: 20
        bottomPadding: 4
        wrapMode: Text.WordWrap
        Accessible.role: Accessible.Heading
        Accessible.name: text
    }
    title: qsTr("Sign in to %1").arg(clinic.serverName.length > 0 ? clinic.serverName : qsTr("your clinic"))
    onOpened: codeField.forceActiveFocus()

    Connections {
        target: root.clinic.connection
        function onChanged() { root.dismissed = false }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 12
        Label {
            objectName: "signInMessage"
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            text: root.clinic.connection.message.length > 0 ? root.clinic.connection.message
                                                            : qsTr("Type the 6-digit code your authenticator app shows for Ward.")
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
        TextField {
            id: codeField
            objectName: "signInCodeField"
            visible: root.wantsCode
            Layout.preferredWidth: 180
            placeholderText: qsTr("6-digit code")
            maximumLength: 7
            inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData
            validator: RegularExpressionValidator { regularExpression: /[0-9 ]{0,7}/ }
            font.pixelSize: 20
            Accessible.name: qsTr("Code from your authenticator app")
            onAccepted: root.submit()
        }
        RowLayout {
            Layout.fillWidth: true
            Item { Layout.fillWidth: true }
            Button {
                objectName: "signInLaterButton"
                text: root.wantsCode ? qsTr("Not now") : qsTr("Close")
                Accessible.name: root.wantsCode ? qsTr("Not now: sign in later") : qsTr("Close this message")
                onClicked: root.dismissed = true
            }
            PrimaryButton {
                objectName: "signInButton"
                visible: root.wantsCode
                enabled: codeField.text.length > 0
                text: qsTr("Sign in")
                Accessible.name: qsTr("Sign in with this code")
                onClicked: root.submit()
            }
        }
    }
}
