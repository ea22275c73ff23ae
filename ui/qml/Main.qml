import QtQuick
import QtQuick.Controls
import Ward.Ui

// The one window: first-run profile creation, the unlock screen, joining a clinic, or the home screen, by
// session state.
ApplicationWindow {
    id: window

    required property SessionController controller

    width: 1100
    height: 720
    minimumWidth: 760
    minimumHeight: 540
    visible: true
    title: controller.state === SessionController.Unlocked ? qsTr("Ward — Visit history") : qsTr("Ward")
    color: "#f3f6f6"

    palette.highlight: "#0b6e69"
    palette.button: "#ffffff"

    Loader {
        id: screen
        objectName: "screen"
        anchors.fill: parent
        focus: true
        sourceComponent: window.controller.state === SessionController.NeedsProfile
                         ? createScreen
                         : window.controller.state === SessionController.Locked ? unlockScreen
                         : window.controller.enrolment && !window.controller.enrolmentDeferred ? joinScreen : homeScreen
    }

    Component {
        id: createScreen
        CreateProfileView { controller: window.controller }
    }
    Component {
        id: unlockScreen
        UnlockView { controller: window.controller }
    }
    Component {
        id: joinScreen
        OnboardingView { controller: window.controller }
    }
    Component {
        id: homeScreen
        HomeView { controller: window.controller }
    }
}
