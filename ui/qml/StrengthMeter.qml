import QtQuick
import QtQuick.Layouts

// Four bars and a word for the passphrase strength estimate (score 0..4).
ColumnLayout {
    id: root

    property int score: 0
    property string label: ""
    readonly property var colours: ["#b3261e", "#b3261e", "#c77700", "#2e7d32", "#1b5e20"]

    spacing: 4
    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("Passphrase strength: %1").arg(label.length > 0 ? label : qsTr("none yet"))

    RowLayout {
        spacing: 4
        Layout.fillWidth: true
        Repeater {
            model: 4
            Rectangle {
                required property int index
                Layout.fillWidth: true
                height: 6
                radius: 3
                color: root.label.length > 0 && index < Math.max(root.score, 1) ? root.colours[root.score] : "#d5dcdc"
            }
        }
    }
    Text {
        text: root.label.length > 0 ? qsTr("Strength: %1").arg(root.label) : qsTr("Strength: type a passphrase")
        color: "#3c4747"
        font.pixelSize: 13
    }
}
