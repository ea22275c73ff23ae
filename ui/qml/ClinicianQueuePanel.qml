import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// A clinician's waiting room: who is waiting, for how long, whether they are still connected, and why
// they came; Admit and Send back for each.
Rectangle {
    id: root

    required property WaitingRoomModel queue

    radius: 10
    color: "white"
    border.color: "#dbe3e3"
    implicitHeight: 260

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Your waiting room")
                font.pixelSize: 18
                font.bold: true
                color: "#0b4f4b"
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                objectName: "queueCount"
                Layout.fillWidth: true
                color: "#3c4747"
                text: root.queue.count === 0 ? qsTr("nobody waiting") : qsTr("%n waiting", "", root.queue.count)
            }
            Button {
                objectName: "refreshQueueButton"
                text: qsTr("Refresh")
                Accessible.name: qsTr("Refresh the waiting room")
                onClicked: root.queue.refresh()
            }
        }

        Label {
            objectName: "queueMessage"
            Layout.fillWidth: true
            visible: text.length > 0
            wrapMode: Text.WordWrap
            color: "#3c4747"
            text: root.queue.message
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }

        Label {
            objectName: "queueEmpty"
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: root.queue.count === 0
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.WordWrap
            color: "#3c4747"
            text: qsTr("Nobody is waiting. Patients who check in to your room appear here, longest waiting first.")
        }

        ListView {
            id: list
            visible: root.queue.count > 0
            objectName: "queueList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.queue
            spacing: 6
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Patients waiting, longest first")
            ScrollBar.vertical: ScrollBar {}

            delegate: Rectangle {
                id: entry
                required property string user
                required property string name
                required property string waitingText
                required property string stateText
                required property bool disconnected
                required property string reason
                width: ListView.view.width
                implicitHeight: row.implicitHeight + 16
                radius: 8
                color: disconnected ? "#f6f2ea" : "#eef6f5"
                Accessible.role: Accessible.ListItem
                Accessible.name: qsTr("%1, %2, %3. %4").arg(name).arg(waitingText).arg(stateText).arg(reason)

                RowLayout {
                    id: row
                    anchors.fill: parent
                    anchors.margins: 8
                    spacing: 12
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2
                        RowLayout {
                            Label { text: entry.name; font.bold: true }
                            Label { text: "·"; color: "#7d8a8a" }
                            Label { text: entry.waitingText; color: "#3c4747" }
                            Label { text: "·"; color: "#7d8a8a" }
                            Label {
                                text: entry.stateText
                                color: entry.disconnected ? "#8a5300" : "#2e7d4f"
                                font.bold: true
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            elide: Text.ElideRight
                            color: "#3c4747"
                            text: entry.reason.length > 0 ? entry.reason : qsTr("No reason given")
                        }
                    }
                    Button {
                        objectName: "sendBackButton"
                        text: qsTr("Send back")
                        Accessible.name: qsTr("Send %1 back").arg(entry.name)
                        onClicked: root.queue.sendBack(entry.user)
                    }
                    PrimaryButton {
                        objectName: "admitButton"
                        text: qsTr("Admit")
                        Accessible.name: qsTr("Admit %1").arg(entry.name)
                        onClicked: root.queue.admit(entry.user)
                    }
                }
            }
        }
    }
}
