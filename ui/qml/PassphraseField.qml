import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A passphrase input with a show/hide toggle. The owner clears `text` as soon as it has handed it over.
RowLayout {
    id: root

    property alias text: input.text
    property alias placeholderText: input.placeholderText
    property string accessibleName
    property alias input: input
    signal accepted()

    spacing: 6

    TextField {
        id: input
        objectName: root.objectName + "Input"
        Layout.fillWidth: true
        echoMode: reveal.checked ? TextInput.Normal : TextInput.Password
        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
        maximumLength: 1024
        font.pixelSize: 16
        Accessible.name: root.accessibleName
        onAccepted: root.accepted()
    }
    Button {
        id: reveal
        text: checked ? qsTr("Hide") : qsTr("Show")
        checkable: true
        focusPolicy: Qt.StrongFocus
        Accessible.name: checked ? qsTr("Hide %1").arg(root.accessibleName) : qsTr("Show %1").arg(root.accessibleName)
    }
}
