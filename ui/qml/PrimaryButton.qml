import QtQuick
import QtQuick.Controls

// The one main action of a screen, in the app's accent colour.
Button {
    highlighted: true
    font.bold: true
    palette.button: enabled ? "#0b6e69" : "#e3e9e9"
    palette.buttonText: enabled ? "white" : "#7d8a8a"
}
