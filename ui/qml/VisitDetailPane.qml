import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// One visit's details and its notes, which can be edited and saved.
Rectangle {
    id: root

    required property SessionController controller
    property var visit: ({})
    readonly property bool hasVisit: visit.id !== undefined

    radius: 10
    color: "white"
    border.color: "#dbe3e3"

    Label {
        anchors.centerIn: parent
        visible: !root.hasVisit
        color: "#5b6868"
        text: qsTr("Select a visit to see its details and notes.")
    }

    ColumnLayout {
        objectName: "visitDetail"
        anchors.fill: parent
        anchors.margins: 20
        visible: root.hasVisit
        spacing: 10

        Label {
            objectName: "detailTitle"
            text: root.hasVisit ? qsTr("Visit with %1").arg(root.visit.otherParty) : ""
            font.pixelSize: 22
            font.bold: true
            color: "#0b4f4b"
            elide: Text.ElideRight
            Layout.fillWidth: true
            Accessible.role: Accessible.Heading
        }
        GridLayout {
            columns: 2
            columnSpacing: 16
            rowSpacing: 6
            Label { text: qsTr("Started"); color: "#5b6868" }
            Label { text: root.visit.started || ""; Layout.fillWidth: true }
            Label { text: qsTr("Ended"); color: "#5b6868"; visible: (root.visit.ended || "").length > 0 }
            Label { text: root.visit.ended || ""; visible: text.length > 0 }
            Label { text: qsTr("Status"); color: "#5b6868" }
            Label { text: root.visit.status || "" }
            Label { text: qsTr("Reason"); color: "#5b6868" }
            Label {
                objectName: "detailReason"
                text: root.visit.reason || ""
                wrapMode: Text.WordWrap
                Layout.fillWidth: true
            }
        }
        Label { text: qsTr("Notes"); font.bold: true; Layout.topMargin: 8 }
        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            TextArea {
                id: notes
                objectName: "notesArea"
                text: root.visit.notes || ""
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("No notes yet")
                Accessible.name: qsTr("Visit notes")
                background: Rectangle { color: "#f7f9f9"; border.color: "#dbe3e3"; radius: 6 }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                id: saved
                color: "#2e7d32"
                visible: false
                text: qsTr("Notes saved")
            }
            Item { Layout.fillWidth: true }
            PrimaryButton {
                objectName: "saveNotesButton"
                text: qsTr("Save notes")
                enabled: root.hasVisit && notes.text !== (root.visit.notes || "")
                Accessible.name: qsTr("Save notes")
                onClicked: {
                    if (root.controller.saveNotes(root.visit.id, notes.text)) {
                        root.visit = root.controller.openVisit(root.visit.id)
                        saved.visible = true
                    }
                }
            }
        }
    }
}
