import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// First run: choose the passphrase that protects this computer's visit history.
Item {
    id: root

    required property SessionController controller
    readonly property var check: controller.checkPassphrase(first.text)
    readonly property bool matches: first.text.length > 0 && first.text === second.text
    readonly property bool canCreate: check.acceptable && matches && !controller.busy

    function submit() {
        if (!canCreate)
            return
        controller.createProfile(first.text, second.text)
        first.text = ""
        second.text = ""
    }

    Pane {
        anchors.centerIn: parent
        width: Math.min(parent.width - 48, 520)
        padding: 32
        background: Rectangle { color: "white"; radius: 12; border.color: "#dbe3e3" }

        ColumnLayout {
            anchors.fill: parent
            spacing: 14

            Label {
                text: qsTr("Welcome to Ward")
                font.pixelSize: 26
                font.bold: true
                color: "#0b4f4b"
                Accessible.role: Accessible.Heading
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: "#3c4747"
                text: qsTr("Choose a passphrase to protect your visit history on this computer. Use at least %1 characters: a few unrelated words are easy to remember and hard to guess. Ward cannot recover it if you forget it.").arg(root.controller.minimumLength)
            }
            Label { text: qsTr("Passphrase"); font.bold: true }
            PassphraseField {
                id: first
                objectName: "newPassphrase"
                Layout.fillWidth: true
                accessibleName: qsTr("New passphrase")
                placeholderText: qsTr("For example: four unrelated words")
                input.focus: true
                onAccepted: second.input.forceActiveFocus()
            }
            StrengthMeter {
                Layout.fillWidth: true
                score: root.check.score
                label: first.text.length > 0 ? root.check.label : ""
            }
            Label {
                objectName: "passphraseProblem"
                Layout.fillWidth: true
                visible: first.text.length > 0 && !root.check.acceptable
                wrapMode: Text.WordWrap
                color: "#b3261e"
                text: root.check.problem
            }
            Label { text: qsTr("Type it again"); font.bold: true }
            PassphraseField {
                id: second
                objectName: "confirmPassphrase"
                Layout.fillWidth: true
                accessibleName: qsTr("Confirm passphrase")
                onAccepted: root.submit()
            }
            Label {
                Layout.fillWidth: true
                visible: second.text.length > 0 && !root.matches
                color: "#b3261e"
                text: qsTr("The two passphrases are not the same yet.")
            }
            Label {
                objectName: "createError"
                Layout.fillWidth: true
                visible: text.length > 0
                wrapMode: Text.WordWrap
                color: "#b3261e"
                text: root.controller.errorMessage
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
                    wrapMode: Text.WordWrap
                    text: root.controller.busyText
                }
                Item { Layout.fillWidth: !root.controller.busy }
                PrimaryButton {
                    objectName: "createButton"
                    text: qsTr("Create profile")
                    enabled: root.canCreate
                    Accessible.name: qsTr("Create profile")
                    onClicked: root.submit()
                }
            }
        }
    }
}
