import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// A patient's waiting room: check in (with an optional reason only the clinician can read), the place in
// line, Leave, and the clinician's "ready for you".
Rectangle {
    id: root

    required property PatientRoom room
    // Check-in needs the clinic: the button waits while Ward is not online.
    property bool online: true

    radius: 10
    color: "white"
    border.color: "#dbe3e3"
    implicitHeight: column.implicitHeight + 32

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 16
        spacing: 10

        Label {
            text: qsTr("Waiting room")
            font.pixelSize: 18
            font.bold: true
            color: "#0b4f4b"
            Accessible.role: Accessible.Heading
            Accessible.name: text
        }

        // Not checked in.
        ColumnLayout {
            visible: root.room.stage === PatientRoom.Idle || root.room.stage === PatientRoom.CheckingIn
            Layout.fillWidth: true
            spacing: 8
            TextField {
                id: clinician
                objectName: "clinicianField"
                visible: root.room.needsClinician
                Layout.preferredWidth: 300
                placeholderText: qsTr("Your clinician's user id, e.g. dr.ruiz")
                maximumLength: 64
                Accessible.name: qsTr("Your clinician's user id")
            }
            TextField {
                id: reason
                objectName: "reasonField"
                Layout.fillWidth: true
                placeholderText: qsTr("Reason for the visit (optional, only your clinician can read it)")
                maximumLength: 500
                Accessible.name: qsTr("Reason for the visit, optional")
                onAccepted: checkIn.clicked()
            }
            RowLayout {
                BusyIndicator {
                    running: root.room.stage === PatientRoom.CheckingIn
                    visible: running
                    implicitWidth: 28
                    implicitHeight: 28
                }
                PrimaryButton {
                    id: checkIn
                    objectName: "checkInButton"
                    text: qsTr("Check in")
                    enabled: root.online && root.room.stage === PatientRoom.Idle && (!root.room.needsClinician || clinician.text.length > 0)
                    Accessible.name: qsTr("Check in to the waiting room")
                    onClicked: {
                        root.room.checkIn(clinician.text, reason.text)
                        reason.text = ""
                    }
                }
            }
        }

        // Waiting.
        ColumnLayout {
            visible: root.room.stage === PatientRoom.Waiting
            Layout.fillWidth: true
            spacing: 8
            Label {
                objectName: "placeText"
                text: root.room.place === 1 ? qsTr("You are next in line")
                                            : qsTr("You are number %1 in line").arg(root.room.place)
                font.pixelSize: 22
                font.bold: true
                color: "#0b6e69"
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: "#3c4747"
                text: qsTr("Keep Ward open. It will tell you when the clinician is ready.")
            }
            Button {
                objectName: "leaveButton"
                text: qsTr("Leave")
                Accessible.name: qsTr("Leave the waiting room")
                onClicked: root.room.leave()
            }
        }

        // Admitted.
        ColumnLayout {
            visible: root.room.stage === PatientRoom.Admitted
            Layout.fillWidth: true
            spacing: 8
            Label {
                objectName: "admittedText"
                text: qsTr("The clinician is ready for you")
                font.pixelSize: 22
                font.bold: true
                color: "#0b6e69"
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                wrapMode: Text.WordWrap
                color: "#3c4747"
                text: (root.room.clinicianName.length > 0 ? qsTr("%1 has admitted you. ").arg(root.room.clinicianName) : "")
                      + qsTr("Video visits arrive in a later version of Ward; your clinician will contact you the way you agreed.")
            }
            Button {
                objectName: "dismissButton"
                text: qsTr("Done")
                Accessible.name: qsTr("Done")
                onClicked: root.room.dismiss()
            }
        }

        Label {
            objectName: "roomMessage"
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.WordWrap
            color: root.room.stage === PatientRoom.Idle ? "#b3261e" : "#3c4747"
            text: root.room.message
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }
}
