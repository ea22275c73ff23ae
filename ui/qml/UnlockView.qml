import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// The lock screen: the passphrase opens the encrypted history. After repeated wrong passphrases the
// button waits for the countdown.
Item {
    id: root

    required property SessionController controller
    readonly property bool canUnlock: field.text.length > 0 && controller.waitSeconds === 0 && !controller.busy

    function submit() {
        if (!canUnlock)
            return
        controller.unlock(field.text)
        field.text = ""
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 460)
        padding: 32
        background: Rectangle { color: "white"; radius: 12; border.color: "#dbe3e3" }

        ColumnLayout {
            anchors.fill: parent
            spacing: 14

            Label {
                text: qsTr("Ward is locked")
                font.pixelSize: 26
                font.bold: true
                color: "#0b4f4b"
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: "#3c4747"
                text: qsTr("Your visit history is encrypted on this computer. Enter your passphrase to open it.")
            }
            PassphraseField {
                id: field
                objectName: "unlockPassphrase"
                Layout.fillWidth: true
                accessibleName: qsTr("Passphrase")
                placeholderText: qsTr("Passphrase")
                input.focus: true
                onAccepted: root.submit()
            }
            Label {
                objectName: "unlockError"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.WordWrap
                color: "#b3261e"
                text: root.controller.errorMessage
            }
            Label {
                objectName: "waitText"
                Layout.fillWidth: true
                visible: root.controller.waitSeconds > 0
                wrapMode: Text.WordWrap
                color: "#8a5300"
                text: qsTr("Too many wrong passphrases. You can try again in %1 s.").arg(root.controller.waitSeconds)
                Accessible.role: Accessible.AlertMessage
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                BusyIndicator {
                    running: root.controller.busy
                    visible: running
                    implicitWidth: 32
                    implicitHeight: 32
                }
                Label {
                    Layout.fillWidth: true
                    visible: root.controller.busy
                    text: root.controller.busyText
                }
                Item { Layout.fillWidth: !root.controller.busy }
                PrimaryButton {
                    objectName: "unlockButton"
                    text: qsTr("Unlock")
                    enabled: root.canUnlock
                    Accessible.name: qsTr("Unlock")
                    onClicked: root.submit()
                }
            }
        }
    }
}
