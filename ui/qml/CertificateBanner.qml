import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// Shown when the server presented a certificate other than the one pinned at enrolment: someone may be
// in the middle. Ward has already refused the connection; the banner tells the person not to work around it.
Rectangle {
    id: root

    required property ConnectionStatus status

    visible: status.certificateMismatch
    color: "#b3261e"
    implicitHeight: column.implicitHeight + 24
    Accessible.role: Accessible.AlertMessage
    Accessible.name: title.text + " " + body.text

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 12
        spacing: 4
        Label {
            id: title
            objectName: "mismatchTitle"
            text: qsTr("Do not continue: your clinic's server could not prove who it is")
            color: "white"
            font.bold: true
            font.pixelSize: 16
        }
        Label {
            id: body
            Layout.fillWidth: true
            wrapMode: Text.WordWrap
            color: "white"
            // core's sentence already says what happened and whom to call; without one, Ward says it.
            text: root.status.message.length > 0
                  ? root.status.message + " " + qsTr("Ward has stopped talking to it to protect you. Do not join visits or type sign-in codes until the clinic has answered.")
                  : qsTr("Ward has stopped talking to it to protect you. Do not join visits or type sign-in codes. Call your clinic and tell them the server identity changed.")
        }
    }
}
