// The phone's camera as a barcode scanner, and a keyboard-wedge scanner (a USB or Bluetooth
// reader that types the code and Enter). JavaScript side: library_scanner.js. The camera's
// <video> is placed over the canvas where the scanner view leaves room for it; frames are
// decoded with the browser's BarcodeDetector where it exists, else with ZXing (zxing-wasm,
// served from our own origin: public/zxing/, precached for offline use).
// Events are queued on the JavaScript side and taken once per frame (TakeScannerEvents).
// Thread safety: main thread only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stocktake::web {

struct ScannerEvent {
    enum class Kind {
        kDecoded,        // the camera saw a code (every frame it is in view)
        kWedge,          // a keyboard-wedge scanner typed a code
        kCameraOn,       // the camera runs; text = the decoder ("BarcodeDetector", "ZXing")
        kCameraDenied,   // the user or the browser refused the camera; text = why
        kCameraMissing,  // no camera, or no getUserMedia (not a secure context); text = why
        kCameraStopped,
    };
    Kind kind = Kind::kDecoded;
    std::string text;    // the code, or the detail
    std::string format;  // the symbology ("ean_13", "qr_code", ...) of a decode
    double time_ms = 0;  // performance.now() when it happened
};

// Asks for the rear camera (facingMode environment preferred) and starts decoding.
void StartCamera();
void StopCamera();
// Where the camera picture goes, in CSS pixels of the page; visible false hides it.
void PlaceCameraPreview(bool visible, float x, float y, float width, float height);
// A short beep and vibration for a scan that did what it should; a low double tone and a
// longer buzz for a code nothing knows (or a scan that failed).
void ScanFeedback(bool known);
// While enabled, fast keystrokes ending in Enter arrive as kWedge events.
void EnableWedge(bool enabled);
std::vector<ScannerEvent> TakeScannerEvents();

}  // namespace stocktake::web
