// The Imports history screen and the Sync screen's device list: their intents and state.
// One AdminIntent in view.h's Intent carries any of the intents; App applies them in
// app_admin.cpp. The state is engine reads and server answers cached by App, never by
// widgets.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "stocktake/engine/types.h"

namespace stocktake::web {

// --- Intents ------------------------------------------------------------------------------
struct OpenImportJobIntent {  // its row errors; 0 closes the open job
    int64_t job_id = 0;
};
struct DownloadJobErrorsIntent {  // the job's row errors as a CSV download
    int64_t job_id = 0;
};
struct LoadDevicesIntent {};   // the organisation's devices, from the server
struct EditDeviceNameIntent {  // what the device-name field holds now, as typed
    std::string text;
};
struct SaveDeviceNameIntent {};  // keep the typed name; the next push and pull send it

struct AdminIntent {
    std::variant<OpenImportJobIntent, DownloadJobErrorsIntent, LoadDevicesIntent,
                 EditDeviceNameIntent, SaveDeviceNameIntent>
        intent;
};

// --- State --------------------------------------------------------------------------------
// Every import job on this device (engine::Engine::ImportJobs), newest first.
struct ImportsHistoryState {
    bool loaded = false;
    std::vector<engine::ImportReport> jobs;  // without row errors
    int64_t open_job_id = 0;                 // 0 = none open
    std::vector<engine::RowError> errors;    // the open job's
    std::string error;                       // why the history could not be read
};

// A device of the organisation as GET /api/v1/devices lists it ("" times: never).
struct SyncDevice {
    std::string id;
    std::string name;
    std::string first_seen;
    std::string last_push;
    std::string last_pull;
    int64_t cursor = 0;
};

struct DevicesState {
    bool loaded = false;
    bool busy = false;  // a request is under way
    std::vector<SyncDevice> devices;
    std::string error;  // why the last request failed
    int64_t loads = 0;  // answers applied
};

// This device's name on the devices list: the saved one ("" = the browser's, which the
// server makes from the User-Agent) and the field's text until it is saved.
struct DeviceNameState {
    std::string saved;
    std::string draft;
    std::string message;  // what saving did, or why it could not
    bool ok = true;
};

struct AdminState {
    uint64_t revision = 0;  // bumped on every change: views re-derive their caches
    ImportsHistoryState imports;
    DevicesState devices;
    DeviceNameState device_name;
};

// "committed", "dry run", "cancelled", "failed" or "running": a job's status as the
// history shows it.
const char* ImportJobStatus(const engine::ImportReport& job);

}  // namespace stocktake::web
