// App's part for the Imports history and the Sync screen's device list: reads the engine's
// import jobs when the Imports screen shows (again after every job, preview included),
// opens a job's row errors and downloads them as a CSV, and asks the server for the
// organisation's devices while the Sync screen shows (views/admin.h).
#include <nlohmann/json.hpp>
#include <type_traits>

#include "app/app.h"
#include "stocktake/engine/export.h"

namespace stocktake::web {
namespace {

using nlohmann::json;

// Request id for GET /api/v1/devices: below SyncClient's (which start at 1000), beside the
// deliveries' (900, 901).
constexpr int kListDevicesRequest = 910;
// Jobs the history reads at most: the newest.
constexpr int64_t kJobsShown = 500;

// What the admin test hook (web/platform/test_hooks_admin.cpp) may ask. Append only.
enum class AdminTestAction {
    kShowImports = 1,
    kOpenJob = 2,         // n: job id (0 closes)
    kDownloadErrors = 3,  // n: job id
    kLoadDevices = 4,
};

std::string Text(const json& object, const char* member) {
    auto it = object.find(member);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool App::ApplyAdminIntent(Intent& intent) {
    AdminIntent* admin = std::get_if<AdminIntent>(&intent);
    if (admin == nullptr) return false;
    std::visit(
        [this](auto& i) {
            using T = std::decay_t<decltype(i)>;
            if constexpr (std::is_same_v<T, OpenImportJobIntent>) {
                OpenImportJob(i.job_id);
            } else if constexpr (std::is_same_v<T, DownloadJobErrorsIntent>) {
                DownloadJobErrors(i.job_id);
            } else if constexpr (std::is_same_v<T, LoadDevicesIntent>) {
                RequestDevices();
            } else if constexpr (std::is_same_v<T, EditDeviceNameIntent>) {
                admin_.device_name.draft = i.text;
                admin_.device_name.message.clear();  // said of the last save, not of this text
            } else if constexpr (std::is_same_v<T, SaveDeviceNameIntent>) {
                SaveDeviceName();  // app_gaps.cpp
            }
        },
        admin->intent);
    ++admin_.revision;
    return true;
}

void App::LoadAdminScreens() {
    if (engine_ == nullptr) return;
    LoadDeviceName();  // app_gaps.cpp
    // A preview records its job without changing the data's generation: the wizard's
    // revision moves with every job that ends.
    if (screen_ == Screen::kImports && !wizard_.IsBusy() &&
        (!admin_.imports.loaded || imports_generation_ != engine_->Generation() ||
         imports_wizard_revision_ != wizard_.revision)) {
        LoadImportsHistory();
    }
    // The devices' last syncs, fresh after each of this device's.
    const SyncState& sync = sync_.state();
    if (screen_ == Screen::kSync && sync.signed_in && !admin_.devices.busy &&
        devices_syncs_seen_ != sync.syncs_completed) {
        devices_syncs_seen_ = sync.syncs_completed;
        RequestDevices();
    }
}

void App::LoadImportsHistory() {
    ImportsHistoryState& h = admin_.imports;
    imports_generation_ = engine_->Generation();
    imports_wizard_revision_ = wizard_.revision;
    h.loaded = true;
    h.error.clear();
    ++admin_.revision;
    Result<std::vector<engine::ImportReport>> jobs = engine_->ImportJobs(kJobsShown);
    if (!jobs.ok()) {
        h.error = "Could not read the import history: " + jobs.status().message();
        return;
    }
    h.jobs = std::move(jobs).value();
    if (h.open_job_id != 0) OpenImportJob(h.open_job_id);
}

void App::OpenImportJob(int64_t job_id) {
    ImportsHistoryState& h = admin_.imports;
    h.open_job_id = job_id;
    h.errors.clear();
    if (job_id == 0) return;
    Result<std::vector<engine::RowError>> errors = engine_->ImportJobErrors(job_id);
    if (!errors.ok()) {
        h.error = "Could not read the import's errors: " + errors.status().message();
        return;
    }
    h.errors = std::move(errors).value();
}

void App::DownloadJobErrors(int64_t job_id) {
    ImportsHistoryState& h = admin_.imports;
    for (const engine::ImportReport& job : h.jobs) {
        if (job.job_id != job_id) continue;
        Result<std::vector<engine::RowError>> errors = engine_->ImportJobErrors(job_id);
        if (!errors.ok()) {
            h.error = "Could not read the import's errors: " + errors.status().message();
            return;
        }
        if (errors->empty()) return;
        Download(ErrorsFileName(job.file_name), engine::RowErrorsCsv(errors.value()));
        return;
    }
}

void App::RequestDevices() {
    DevicesState& d = admin_.devices;
    if (!sync_.state().signed_in || d.busy) return;
    d.busy = true;
    platform_->HttpRequest(kListDevicesRequest, "GET", "/api/v1/devices", sync_.access_token(), "");
}

bool App::OnAdminHttpResponse(int request_id, int status, const std::string& body) {
    if (request_id != kListDevicesRequest) return false;
    DevicesState& d = admin_.devices;
    d.busy = false;
    ++admin_.revision;
    const json parsed = json::parse(body, nullptr, false);
    if (status == 0) {
        d.error = "The server did not answer (offline?): the list shows when connected.";
        return true;
    }
    if (status == 401) {
        // The session's access token expired: the sync renews it, and its end asks again.
        sync_.SyncNow();
        d.error = "Renewing your session...";
        return true;
    }
    auto list = parsed.is_object() ? parsed.find("devices") : parsed.end();
    if (status != 200 || list == parsed.end() || !list->is_array()) {
        const std::string reason = parsed.is_object() ? Text(parsed, "reason") : "";
        d.error =
            "The server answered " + std::to_string(status) + (reason.empty() ? "" : ": " + reason);
        return true;
    }
    d.error.clear();
    d.loaded = true;
    ++d.loads;
    d.devices.clear();
    for (const json& item : *list) {
        if (!item.is_object()) continue;
        auto cursor = item.find("cursor");
        d.devices.push_back(SyncDevice{
            Text(item, "id"), Text(item, "name"), Text(item, "first_seen"), Text(item, "last_push"),
            Text(item, "last_pull"),
            cursor != item.end() && cursor->is_number_integer() ? cursor->get<int64_t>() : 0});
    }
    return true;
}

// --- Test hooks ---------------------------------------------------------------------------

std::string App::AdminTestState() const {
    const ImportsHistoryState& h = admin_.imports;
    json jobs = json::array();
    for (const engine::ImportReport& job : h.jobs) {
        jobs.push_back({{"id", job.job_id},
                        {"file", job.file_name},
                        {"format", job.format},
                        {"status", ImportJobStatus(job)},
                        {"total", job.total},
                        {"processed", job.processed()},
                        {"successful", job.successful},
                        {"failed", job.failed},
                        {"duplicates", job.duplicates},
                        {"elapsedMs", job.elapsed_ms}});
    }
    json devices = json::array();
    for (const SyncDevice& device : admin_.devices.devices) {
        devices.push_back({{"id", device.id},
                           {"name", device.name},
                           {"lastPush", device.last_push},
                           {"lastPull", device.last_pull},
                           {"cursor", device.cursor},
                           {"thisDevice", device.id == operations_.device_id}});
    }
    const json state = {{"screen", static_cast<int>(screen_)},
                        {"importsLoaded", h.loaded},
                        {"jobs", std::move(jobs)},
                        {"openJob", h.open_job_id},
                        {"openErrors", static_cast<int64_t>(h.errors.size())},
                        {"importsError", h.error},
                        {"downloads", downloads_},
                        {"devicesLoaded", admin_.devices.loaded},
                        {"devicesLoads", admin_.devices.loads},
                        {"devices", std::move(devices)},
                        {"devicesError", admin_.devices.error},
                        {"thisDevice", operations_.device_id}};
    return state.dump(-1, ' ', false, json::error_handler_t::replace);
}

void App::OnAdminTestAction(int action, int64_t n) {
    switch (static_cast<AdminTestAction>(action)) {
        case AdminTestAction::kShowImports:
            intents_.Post(ShowScreenIntent{Screen::kImports});
            break;
        case AdminTestAction::kOpenJob: intents_.Post(AdminIntent{OpenImportJobIntent{n}}); break;
        case AdminTestAction::kDownloadErrors:
            intents_.Post(AdminIntent{DownloadJobErrorsIntent{n}});
            break;
        case AdminTestAction::kLoadDevices: intents_.Post(AdminIntent{LoadDevicesIntent{}}); break;
    }
}

}  // namespace stocktake::web
