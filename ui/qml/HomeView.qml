import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Ward.Ui

// The unlocked home screen: the clinic connection and the role's waiting room (when the profile has joined
// a clinic), the visit history with search, a detail pane, and the Lock button.
Item {
    id: root

    required property SessionController controller
    readonly property ClinicController clinic: controller.clinic
    property var selected: ({})
    // The sign-in prompt, for the indicator to bring back after "Not now".
    property var signInPrompt: null

    function open(visitId) {
        root.selected = root.controller.openVisit(visitId)
    }

    Shortcut {
        sequence: "Ctrl+L"
        onActivated: root.controller.lock()
    }
    Shortcut {
        sequence: StandardKey.Find
        onActivated: search.forceActiveFocus()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        ToolBar {
            Layout.fillWidth: true
            implicitHeight: 56
            background: Rectangle { color: "#0b4f4b" }
            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                anchors.rightMargin: 12
                spacing: 12
                Label {
                    text: qsTr("Ward")
                    color: "white"
                    font.pixelSize: 20
                    font.bold: true
                }
                Label {
                    text: root.clinic ? qsTr("%1 · %2").arg(root.clinic.displayName).arg(root.clinic.serverName)
                                      : qsTr("Visit history")
                    elide: Text.ElideRight
                    color: "#cfe7e5"
                    font.pixelSize: 15
                    Layout.fillWidth: true
                }
                Loader {
                    active: root.clinic !== null
                    visible: active
                    sourceComponent: ConnectionIndicator {
                        objectName: "connectionIndicator"
                        status: root.clinic.connection
                        onActivated: if (root.signInPrompt) root.signInPrompt.dismissed = false
                    }
                }
                Button {
                    objectName: "joinClinicButton"
                    visible: root.clinic === null && root.controller.enrolment !== null
                    text: qsTr("Join your clinic")
                    Accessible.name: text
                    onClicked: root.controller.resumeEnrolment()
                }
                TextField {
                    id: search
                    objectName: "searchField"
                    Layout.preferredWidth: 300
                    placeholderText: qsTr("Search reasons, notes and names")
                    Accessible.name: qsTr("Search visit history")
                    onTextChanged: root.controller.visits.query = text
                    Keys.onDownPressed: list.forceActiveFocus()
                }
                Button {
                    objectName: "lockButton"
                    text: qsTr("Lock")
                    Accessible.name: qsTr("Lock Ward")
                    Accessible.description: qsTr("Closes your history and asks for the passphrase again (Ctrl+L)")
                    onClicked: root.controller.lock()
                }
            }
        }

        Loader {
            Layout.fillWidth: true
            active: root.clinic !== null && root.clinic.connection.certificateMismatch
            visible: active
            sourceComponent: CertificateBanner {
                objectName: "mismatchBanner"
                status: root.clinic.connection
            }
        }

        Rectangle {
            objectName: "homeError"
            Layout.fillWidth: true
            visible: root.controller.errorMessage.length > 0
            color: "#fdecea"
            implicitHeight: errorText.implicitHeight + 16
            Label {
                id: errorText
                anchors.fill: parent
                anchors.margins: 8
                wrapMode: Text.WordWrap
                color: "#b3261e"
                text: root.controller.errorMessage
            }
        }

        Loader {
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.topMargin: 16
            active: root.clinic !== null && root.clinic.patientRoom !== null
            visible: active
            sourceComponent: PatientRoomPanel {
                objectName: "patientRoom"
                room: root.clinic.patientRoom
                online: root.clinic.connection.state === ConnectionStatus.Online
            }
        }
        Loader {
            Layout.fillWidth: true
            Layout.leftMargin: 16
            Layout.rightMargin: 16
            Layout.topMargin: 16
            active: root.clinic !== null && root.clinic.queue !== null
            visible: active
            sourceComponent: ClinicianQueuePanel {
                objectName: "clinicianQueue"
                queue: root.clinic.queue
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: 16
            spacing: 16

            Rectangle {
                Layout.preferredWidth: 420
                Layout.fillHeight: true
                radius: 10
                color: "white"
                border.color: "#dbe3e3"

                ListView {
                    id: list
                    objectName: "visitList"
                    anchors.fill: parent
                    anchors.margins: 1
                    clip: true
                    focus: true
                    keyNavigationEnabled: true
                    model: root.controller.visits
                    currentIndex: -1
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Visits, newest first")
                    ScrollBar.vertical: ScrollBar {}
                    Keys.onReturnPressed: if (currentItem) root.open(currentItem.visitId)

                    delegate: ItemDelegate {
                        id: row
                        required property int index
                        required property var visitId
                        required property string date
                        required property string otherParty
                        required property string reason
                        required property string status
                        width: ListView.view.width
                        highlighted: ListView.isCurrentItem
                        background: Rectangle {
                            color: row.highlighted ? "#d7efed" : (row.hovered ? "#f0f6f6" : "transparent")
                            Rectangle {
                                anchors.bottom: parent.bottom
                                width: parent.width
                                height: 1
                                color: "#e6ecec"
                            }
                        }
                        Accessible.name: qsTr("%1, %2, %3").arg(date).arg(otherParty).arg(reason)
                        onClicked: {
                            list.currentIndex = index
                            root.open(visitId)
                        }
                        contentItem: ColumnLayout {
                            spacing: 2
                            RowLayout {
                                Label {
                                    text: row.otherParty
                                    font.bold: true
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                                Label { text: row.date; color: "#5b6868"; font.pixelSize: 12 }
                            }
                            Label {
                                text: row.reason.length > 0 ? row.reason : qsTr("No reason given")
                                color: "#3c4747"
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                        }
                    }
                }

                ColumnLayout {
                    objectName: "emptyState"
                    anchors.centerIn: parent
                    width: parent.width - 48
                    visible: list.count === 0
                    spacing: 8
                    Label {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        font.pixelSize: 18
                        font.bold: true
                        color: "#0b4f4b"
                        text: search.text.length > 0 ? qsTr("No visits match your search") : qsTr("No visits yet")
                    }
                    Label {
                        Layout.fillWidth: true
                        horizontalAlignment: Text.AlignHCenter
                        wrapMode: Text.WordWrap
                        color: "#3c4747"
                        text: search.text.length > 0
                              ? qsTr("Try fewer or shorter words. Search looks at reasons, notes and names.")
                              : qsTr("After your first visit, you will find its date, who it was with and the reason here. Everything stays encrypted on this computer.")
                    }
                }
            }

            VisitDetailPane {
                Layout.fillWidth: true
                Layout.fillHeight: true
                controller: root.controller
                visit: root.selected
            }
        }
    }

    Loader {
        anchors.fill: parent
        active: root.clinic !== null
        sourceComponent: Item {
            SignInDialog {
                id: signInPrompt
                clinic: root.clinic
                Component.onCompleted: root.signInPrompt = signInPrompt
            }
        }
    }
}
