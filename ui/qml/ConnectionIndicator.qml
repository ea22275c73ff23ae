import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// The header's link to the clinic: a coloured dot and core's words for the state. Focusable, and read out
// by screen readers with the explanation when there is one.
Control {
    id: root

    required property ConnectionStatus status
    // Click, Space or Enter: the home screen shows the sign-in prompt again when it is needed.
    signal activated()

    focusPolicy: Qt.TabFocus
    padding: 6
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("Clinic connection: %1").arg(status.text)
    Accessible.description: status.message

    background: Rectangle {
        radius: 14
        color: "#0f5f5a"
        border.width: root.activeFocus ? 2 : 0
        border.color: "white"
    }
    contentItem: RowLayout {
        spacing: 8
        Rectangle {
            objectName: "connectionDot"
            width: 12
            height: 12
            radius: 6
            color: root.status.dotColour
            border.color: "white"
            border.width: 1
        }
        Label {
            objectName: "connectionText"
            text: root.status.text
            color: "white"
            font.pixelSize: 13
        }
    }
    TapHandler { onTapped: root.activated() }
    Keys.onSpacePressed: root.activated()
    Keys.onReturnPressed: root.activated()
    ToolTip.visible: hovered && status.message.length > 0
    ToolTip.text: status.message
}
