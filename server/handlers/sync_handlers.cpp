#include "handlers/sync_handlers.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>

#include "http/errors.h"
#include "http/middleware.h"
#include "sync/device_name.h"

namespace stocktake::server {
namespace {

using nlohmann::json;

void Fail(httplib::Response& res, const Status& status) {
    WriteJsonError(res, status, CurrentRequestId());
}

// A query parameter as a non-negative integer; fallback when absent.
Result<int64_t> QueryNumber(const httplib::Request& req, const char* name, int64_t fallback) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
        return Status::InvalidArgument(std::string(name) + " must be a whole number >= 0, not '" +
                                       text + "'");
    }
    return value;
}

// The name the device sent, or else one made from its browser's User-Agent.
std::string DeviceName(const std::string& sent, const httplib::Request& req) {
    std::string name = CleanDeviceName(sent);
    if (name.empty()) name = DeviceNameFromUserAgent(req.get_header_value("User-Agent"));
    return name;
}

json TimeOrNull(const std::string& time) {
    return time.empty() ? json(nullptr) : json(time);
}

const char* StatusOf(const OpOutcome& op) {
    if (op.duplicate) return "duplicate";
    return op.accepted ? "accepted" : "rejected";
}

}  // namespace

void HandleSyncPush(SyncService& sync, const Actor& actor, const httplib::Request& req,
                    httplib::Response& res) {
    json body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("device") || !body["device"].is_string() ||
        !body.contains("ops") || !body["ops"].is_array()) {
        return Fail(res, Status::InvalidArgument(
                             "the body must be JSON {\"device\": \"<32 hex digits>\", \"ops\": "
                             "[...]}"));
    }
    if (body.contains("device_name") && !body["device_name"].is_string()) {
        return Fail(res, Status::InvalidArgument("device_name must be a string"));
    }
    std::vector<json> ops = std::move(body["ops"]).get<std::vector<json>>();
    Result<PushOutcome> pushed =
        sync.Push(actor, body["device"].get<std::string>(), ops,
                  DeviceName(body.value("device_name", std::string()), req));
    if (!pushed.ok()) return Fail(res, pushed.status());

    json results = json::array();
    for (const OpOutcome& op : pushed->ops) {
        json result = {{"id", op.id}, {"status", StatusOf(op)}};
        if (!op.accepted) {
            result["error"] = CodeName(op.code);
            result["reason"] = op.reason;
        }
        results.push_back(std::move(result));
    }
    const json reply = {{"results", std::move(results)},
                        {"accepted", pushed->accepted},
                        {"duplicates", pushed->duplicates},
                        {"rejected", pushed->rejected},
                        {"cursor", pushed->cursor}};
    res.set_header("Cache-Control", "no-store");
    res.set_content(reply.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void HandleSyncPull(SyncService& sync, const Actor& actor, const httplib::Request& req,
                    httplib::Response& res) {
    Result<int64_t> cursor = QueryNumber(req, "cursor", 0);
    if (!cursor.ok()) return Fail(res, cursor.status());
    Result<int64_t> limit = QueryNumber(req, "limit", SyncService::kDefaultPullLimit);
    if (!limit.ok()) return Fail(res, limit.status());
    const std::string device = req.get_param_value("device");
    Result<ChangePage> page = sync.Pull(
        actor, *cursor, static_cast<int>(std::min<int64_t>(*limit, SyncService::kMaxPullLimit)),
        device, device.empty() ? "" : DeviceName(req.get_param_value("device_name"), req));
    if (!page.ok()) return Fail(res, page.status());

    // The ops are stored as the JSON text they are sent as: copied, not parsed again.
    std::string out = "{\"ops\":[";
    for (size_t i = 0; i < page->ops.size(); ++i) {
        if (i > 0) out += ',';
        out += page->ops[i];
    }
    out += "],\"cursor\":" + std::to_string(page->cursor) +
           ",\"more\":" + (page->more ? "true" : "false") + "}";
    res.set_header("Cache-Control", "no-store");
    res.set_content(std::move(out), "application/json");
}

void HandleListDevices(SyncService& sync, const Actor& actor, const httplib::Request& /*req*/,
                       httplib::Response& res) {
    Result<std::vector<DeviceRecord>> devices = sync.Devices(actor);
    if (!devices.ok()) return Fail(res, devices.status());
    json list = json::array();
    for (const DeviceRecord& device : *devices) {
        list.push_back({{"id", device.id},
                        {"name", device.name},
                        {"first_seen", device.first_seen},
                        {"last_push", TimeOrNull(device.last_push)},
                        {"last_pull", TimeOrNull(device.last_pull)},
                        {"cursor", device.cursor}});
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        json{{"devices", std::move(list)}}.dump(-1, ' ', false, json::error_handler_t::replace),
        "application/json");
}

}  // namespace stocktake::server
