#include "app/sync_client.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "stocktake/op.h"
#include "stocktake/time.h"

namespace stocktake::web {
namespace {

using nlohmann::json;

constexpr int kFirstRequestId = 1000;  // ids below are free for other requesters
constexpr int64_t kPushBatch = 500;
constexpr int kPullPage = 1000;
constexpr auto kAfterChanges = std::chrono::seconds(1);  // lets a burst of edits gather
constexpr auto kPeriodic = std::chrono::seconds(15);     // other devices' changes
constexpr auto kOfflineRetry = std::chrono::seconds(5);

// The server's own words from a JSON error body, else a fallback.
std::string ServerMessage(const std::string& body, const std::string& fallback) {
    const json parsed = json::parse(body, nullptr, false);
    if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
        return parsed["message"];
    }
    return fallback;
}

std::string Plural(int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// text as a URL query value: unreserved characters as they are, every other byte %XX.
std::string QueryValue(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[byte >> 4];
            out += kHex[byte & 0x0F];
        }
    }
    return out;
}

}  // namespace

void SyncClient::Attach(engine::Engine* engine) {
    engine_ = engine;
    if (engine_ == nullptr) return;
    Result<engine::SyncAccount> account = engine_->LoadSyncAccount();
    if (!account.ok()) {
        state_.error = "Cannot read the sync account: " + account.status().message();
        return;
    }
    account_ = std::move(account).value();
    state_.signed_in = !account_.email.empty() && !account_.refresh_token.empty();
    state_.email = account_.email;
    state_.last_sync_at = account_.last_sync_at;
    CountPending();
    Result<std::string> name = engine_->DeviceName();
    state_.device_name = name.ok() ? name.value() : "";
    synced_generation_ = engine_->Generation();
    changes_waiting_ = state_.signed_in;  // catch up soon after the page loads
}

Status SyncClient::SetDeviceName(const std::string& name) {
    if (engine_ == nullptr) return Status(Code::kUnavailable, "the database is not open yet");
    Status saved = engine_->SaveDeviceName(name);
    if (!saved.ok()) return saved;
    Result<std::string> kept = engine_->DeviceName();
    state_.device_name = kept.ok() ? kept.value() : name;
    platform_->PersistData();
    SyncNow();  // idle: the server hears the name now; busy: at the next push or pull
    return Status::Ok();
}

void SyncClient::Send(Step step, const std::string& method, const std::string& path,
                      const std::string& body) {
    step_ = step;
    state_.busy = true;
    request_id_ = kFirstRequestId + next_request_id_++;
    const bool authorized = step == Step::kPushing || step == Step::kPulling;
    platform_->HttpRequest(request_id_, method, path, authorized ? account_.access_token : "",
                           body);
}

void SyncClient::SignIn(const std::string& email, const std::string& password) {
    if (step_ != Step::kIdle) return;
    state_.error.clear();
    state_.activity = "Signing in";
    Send(Step::kSigningIn, "POST", "/api/v1/auth/login",
         json{{"email", email}, {"password", password}}.dump());
}

void SyncClient::CreateAccount(const std::string& organisation, const std::string& email,
                               const std::string& password) {
    if (step_ != Step::kIdle) return;
    state_.error.clear();
    state_.activity = "Creating the account";
    Send(Step::kSigningIn, "POST", "/api/v1/auth/register",
         json{{"org_name", organisation}, {"email", email}, {"password", password}}.dump());
}

void SyncClient::SignOut() {
    if (step_ != Step::kIdle || !state_.signed_in) return;
    // Revoking the session on the server is best effort: signed out here either way.
    platform_->HttpRequest(kFirstRequestId - 1, "POST", "/api/v1/auth/logout",
                           account_.access_token,
                           json{{"refresh_token", account_.refresh_token}}.dump());
    account_.access_token.clear();
    account_.refresh_token.clear();
    SaveAccount();
    state_ = SyncState();
    state_.email = account_.email;
    CountPending();
}

void SyncClient::SyncNow() {
    if (step_ == Step::kIdle && state_.signed_in && engine_ != nullptr) StartSync();
}

void SyncClient::Tick(Clock::time_point now) {
    if (engine_ == nullptr) return;
    const uint64_t generation = engine_->Generation();
    if (generation != synced_generation_ && !changes_waiting_) {
        changes_waiting_ = true;
        changed_at_ = now;
        CountPending();
    }
    if (!state_.signed_in || step_ != Step::kIdle) return;
    const bool due = (changes_waiting_ && now - changed_at_ >= kAfterChanges) ||
                     now - last_attempt_ >= (state_.offline ? kOfflineRetry : kPeriodic);
    if (due) StartSync();
}

void SyncClient::StartSync() {
    last_attempt_ = Clock::now();
    synced_generation_ = engine_->Generation();
    changes_waiting_ = false;
    state_.refused_ops = 0;
    Push();
}

void SyncClient::Push() {
    Result<std::string> device = engine_->DeviceId();
    Result<std::vector<Op>> ops = engine_->PendingOps(kPushBatch);
    if (!device.ok() || !ops.ok()) {
        return Finish("Cannot read this device's changes: " +
                      (device.ok() ? ops.status() : device.status()).message());
    }
    if (ops->empty()) return Pull();
    json sent = json::array();
    for (const Op& op : *ops) sent.push_back(OpToJson(op));
    pushed_up_to_ = ops->back().seq;
    state_.activity = "Sending " + Plural(state_.pending_ops, "change", "changes");
    json body{{"device", *device}, {"ops", std::move(sent)}};
    // The name the user gave this device; without one the server names it from the browser.
    if (!state_.device_name.empty()) body["device_name"] = state_.device_name;
    Send(Step::kPushing, "POST", "/api/v1/sync/push", body.dump());
}

void SyncClient::OnPushed(const std::string& body) {
    const json reply = json::parse(body, nullptr, false);
    if (!reply.is_object() || !reply.contains("results")) {
        return Finish("The server's answer to the push was not understood; retrying later.");
    }
    // Every result is final: stored, already stored, or refused for good (with a reason a
    // retry would not change), so the whole batch leaves the outbox.
    for (const json& result : reply["results"]) {
        if (result.value("status", "") != "rejected") continue;
        ++state_.refused_ops;
        state_.error = "The server refused " + Plural(state_.refused_ops, "change", "changes") +
                       ": " + result.value("reason", std::string("no reason given"));
    }
    Status acknowledged = engine_->AcknowledgeOps(pushed_up_to_);
    if (!acknowledged.ok()) return Finish("Cannot record what was sent: " + acknowledged.message());
    CountPending();
    platform_->PersistData();
    Push();
}

void SyncClient::Pull() {
    state_.activity = "Receiving changes";
    // With this device's id, the server lists the device and its last pull, under the name
    // the user gave it or else one from the browser's User-Agent.
    Result<std::string> device = engine_->DeviceId();
    std::string path = "/api/v1/sync/pull?cursor=" + std::to_string(account_.pull_cursor) +
                       "&limit=" + std::to_string(kPullPage);
    if (device.ok()) {
        path += "&device=" + device.value();
        if (!state_.device_name.empty()) path += "&device_name=" + QueryValue(state_.device_name);
    }
    Send(Step::kPulling, "GET", path, "");
}

void SyncClient::OnPulled(const std::string& body) {
    const json reply = json::parse(body, nullptr, false);
    if (!reply.is_object() || !reply.contains("ops") || !reply["ops"].is_array() ||
        !reply.contains("cursor") || !reply["cursor"].is_number_integer()) {
        return Finish("The server's changes were not understood; retrying later.");
    }
    std::vector<Op> ops;
    for (const json& sent : reply["ops"]) {
        Result<Op> op = OpFromJson(sent);
        if (!op.ok())
            return Finish("The server sent a change this app cannot read: " +
                          op.status().message() + " (update the app).");
        ops.push_back(std::move(op).value());
    }
    const int64_t cursor = reply["cursor"];
    Result<std::vector<engine::OpOutcome>> applied = engine_->ApplyPulledOps(ops, cursor);
    if (!applied.ok())
        return Finish("Cannot apply the server's changes: " + applied.status().message());
    account_.pull_cursor = cursor;
    if (!ops.empty()) platform_->PersistData();
    if (reply.value("more", false)) return Pull();
    account_.last_sync_at = FormatIso8601Utc(NowUnixSeconds());
    state_.last_sync_at = account_.last_sync_at;
    SaveAccount();
    ++state_.syncs_completed;
    // What this sync applied is not a local change to send back.
    synced_generation_ = engine_->Generation();
    Finish(state_.refused_ops > 0 ? state_.error : "");
}

void SyncClient::Finish(const std::string& error) {
    step_ = Step::kIdle;
    state_.busy = false;
    state_.error = error;
    state_.activity = error.empty() ? "Up to date" : state_.offline ? "Offline" : "Will retry";
    CountPending();
}

bool SyncClient::OnHttpResponse(int request_id, int status, const std::string& body) {
    if (request_id == kFirstRequestId - 1) return true;  // sign-out: nothing to do
    if (request_id != request_id_ || step_ == Step::kIdle) return false;
    request_id_ = 0;
    const Step step = step_;
    state_.offline = status == 0;
    if (status == 0) {
        Finish(
            "No connection to the server. Changes stay on this device and are sent when "
            "it is back.");
        return true;
    }
    if (step == Step::kSigningIn) {
        OnSignedIn(status, body);
    } else if (step == Step::kRefreshing) {
        OnRefreshed(status, body);
    } else if (status == 401) {
        SessionExpired();
    } else if (status != 200) {
        Finish(ServerMessage(body, "The server answered " + std::to_string(status)) +
               " (retrying later)");
    } else if (step == Step::kPushing) {
        OnPushed(body);
    } else {
        OnPulled(body);
    }
    return true;
}

void SyncClient::OnSignedIn(int status, const std::string& body) {
    const json reply = json::parse(body, nullptr, false);
    if ((status != 200 && status != 201) || !reply.is_object() || !reply.contains("access_token")) {
        step_ = Step::kIdle;
        state_.busy = false;
        state_.activity.clear();
        if (status == 401) {
            state_.error = "Wrong email or password.";
        } else if (status == 429) {
            state_.error = "Too many attempts: wait a few minutes, then try again.";
        } else {
            state_.error =
                ServerMessage(body, "Signing in failed (" + std::to_string(status) + ")");
        }
        return;
    }
    const json user = reply.value("user", json::object());
    const std::string org_id = user.value("org_id", std::string());
    // Another organisation's change log starts from its beginning.
    if (org_id != account_.org_id) account_.pull_cursor = 0;
    account_.email = user.value("email", std::string());
    account_.org_id = org_id;
    account_.access_token = reply["access_token"];
    account_.refresh_token = reply.value("refresh_token", std::string());
    SaveAccount();
    state_.signed_in = true;
    state_.email = account_.email;
    state_.error.clear();
    StartSync();
}

void SyncClient::SessionExpired() {
    if (account_.refresh_token.empty()) return OnRefreshed(401, "");
    retry_after_refresh_ = step_;
    Send(Step::kRefreshing, "POST", "/api/v1/auth/refresh",
         json{{"refresh_token", account_.refresh_token}}.dump());
}

void SyncClient::OnRefreshed(int status, const std::string& body) {
    const json reply = json::parse(body, nullptr, false);
    if (status != 200 || !reply.is_object() || !reply.contains("access_token")) {
        account_.access_token.clear();
        account_.refresh_token.clear();
        SaveAccount();
        state_.signed_in = false;
        Finish("Your session has ended: sign in again. " +
               Plural(state_.pending_ops, "change stays", "changes stay") +
               " on this device until then.");
        return;
    }
    account_.access_token = reply["access_token"];
    account_.refresh_token = reply.value("refresh_token", account_.refresh_token);
    SaveAccount();
    if (retry_after_refresh_ == Step::kPushing) return Push();
    Pull();
}

void SyncClient::SaveAccount() {
    if (engine_ == nullptr) return;
    Status saved = engine_->SaveSyncAccount(account_);
    if (!saved.ok()) state_.error = "Cannot save the sync account: " + saved.message();
    platform_->PersistData();
}

void SyncClient::CountPending() {
    if (engine_ == nullptr) return;
    Result<int64_t> pending = engine_->PendingOpCount();
    if (pending.ok()) state_.pending_ops = *pending;
}

}  // namespace stocktake::web
