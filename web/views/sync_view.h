// SyncView: the Sync screen. Signed out: sign in, or create an organisation's first
// account. Signed in: who, what waits to be sent, when the last sync finished, what went
// wrong; "Sync now" and "Sign out". Draws SyncState; the typed fields are this view's
// own UI state until an intent carries them to SyncClient. Below: this device's id, and
// (signed in) the organisation's devices and the ShipStation deliveries the server parked,
// each with a Replay button.
#pragma once

#include <array>

#include "views/view.h"

namespace stocktake::web {

class SyncView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawSignedOut(const ViewContext& ctx);
    void DrawSignedIn(const ViewContext& ctx);
    // This device and the server's webhook deliveries (sync_view_deliveries.cpp).
    void DrawDevice(const ViewContext& ctx);
    void DrawDeliveries(const ViewContext& ctx);
    // The organisation's devices (sync_view_devices.cpp).
    void DrawDevices(const ViewContext& ctx);

    bool creating_ = false;  // "create an account" instead of "sign in"
    std::array<char, 128> organisation_{};
    std::array<char, 256> email_{};
    std::array<char, 256> password_{};
};

}  // namespace stocktake::web
