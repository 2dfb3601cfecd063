#include "handlers/webhook_handlers.h"

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>

#include "handlers/webhook_reply.h"
#include "http/errors.h"
#include "http/middleware.h"

namespace stocktake::server {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

bool ParseCount(const std::string& text, uint64_t* value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

void Answer(const WebhookReply& reply, httplib::Response& res) {
    res.status = reply.http_status;
    res.set_header("Cache-Control", "no-store");
    if (!reply.retry_after.empty()) res.set_header("Retry-After", reply.retry_after);
    if (reply.close) res.set_header("Connection", "close");
    res.set_content(reply.body, "application/json");
}

int QueryInt(const httplib::Request& req, const char* name, int fallback, int min, int max,
             Status* problem) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < min ||
        value > max) {
        *problem = Status::InvalidArgument(std::string(name) + ": a whole number from " +
                                           std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
}

Status RequireManager(const Actor& actor) {
    if (actor.AtLeast(Role::kManager)) return Status::Ok();
    return Status(Code::kPermissionDenied, "webhook deliveries need the manager role or above");
}

}  // namespace

void HandleShipStationWebhook(WebhookIntake& intake, const httplib::Request& req,
                              httplib::Response& res, const httplib::ContentReader& reader) {
    IncomingDelivery delivery;
    delivery.org_id = req.matches[1].str();
    const std::string token = req.matches.size() > 2 ? req.matches[2].str() : "";
    delivery.token = req.matches.size() > 2 ? &token : nullptr;
    delivery.req_id = CurrentRequestId();

    WebhookHead head{delivery.org_id, req.get_header_value("Content-Type"), nullptr,
                     delivery.req_id};
    const std::string content_length = req.get_header_value("Content-Length");
    if (req.has_header("Content-Length")) head.content_length = &content_length;
    WebhookReply refusal;
    if (!AdmitWebhookHead(intake, head, &refusal)) return Answer(refusal, res);

    // Chunked bodies announce no length: reading stops as soon as they pass the limit.
    const size_t max = intake.options().max_payload;
    bool too_large = false;
    const bool read = reader([&](const char* data, size_t size) {
        if (delivery.body.size() + size > max) {
            too_large = true;
            return false;
        }
        delivery.body.append(data, size);
        return true;
    });
    if (too_large)
        return Answer(WebhookBodyTooLarge(intake, delivery.org_id, delivery.req_id), res);
    if (!read) return Answer(WebhookBodyUnreadable(intake, delivery.org_id, delivery.req_id), res);

    delivery.timestamp = req.get_header_value("X-ShipStation-Timestamp");
    delivery.signature = req.get_header_value("X-ShipStation-Signature");
    delivery.delivery_id = req.get_header_value("X-ShipStation-Delivery-Id");
    Answer(WebhookReplyFor(intake.Receive(delivery), delivery.req_id), res);
}

void HandleListDeliveries(DeliveryQueue& queue, const Actor& actor, const httplib::Request& req,
                          httplib::Response& res) {
    Status allowed = RequireManager(actor);
    if (!allowed.ok()) return WriteJsonError(res, allowed, CurrentRequestId());
    Status problem;
    const int limit = QueryInt(req, "limit", kDefaultPageSize, 1, kMaxPageSize, &problem);
    const int offset = QueryInt(req, "offset", 0, 0, 1000000000, &problem);
    if (!problem.ok()) return WriteJsonError(res, problem, CurrentRequestId());
    // One row more than asked says whether another page follows.
    Result<std::vector<DeliverySummary>> list =
        queue.List(actor.org_id, req.get_param_value("status"), limit + 1, offset);
    if (!list.ok()) return WriteJsonError(res, list.status(), CurrentRequestId());
    const bool more = static_cast<int>(list->size()) > limit;
    if (more) list->pop_back();
    nlohmann::ordered_json deliveries = nlohmann::ordered_json::array();
    for (const DeliverySummary& d : *list) {
        deliveries.push_back({{"id", d.id},
                              {"delivery_key", d.delivery_key},
                              {"received_at", d.received_at},
                              {"status", d.status},
                              {"attempts", d.attempts},
                              {"next_attempt_at", d.next_attempt_at},
                              {"last_error", d.last_error},
                              {"reason", d.dead_reason}});
    }
    nlohmann::ordered_json body = {
        {"deliveries", deliveries}, {"limit", limit}, {"offset", offset}, {"more", more}};
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

void HandleReplayDelivery(DeliveryQueue& queue, const std::function<void()>& wake_worker,
                          const Actor& actor, const httplib::Request& req, httplib::Response& res) {
    Status allowed = RequireManager(actor);
    if (!allowed.ok()) return WriteJsonError(res, allowed, CurrentRequestId());
    uint64_t id = 0;
    const std::string text = req.matches[1].str();
    if (!ParseCount(text, &id) || id > static_cast<uint64_t>(INT64_MAX)) {
        return WriteJsonError(res, Status::NotFound("no webhook delivery " + text),
                              CurrentRequestId());
    }
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    Status replayed = queue.Replay(actor.org_id, static_cast<int64_t>(id), now_ms);
    if (!replayed.ok()) return WriteJsonError(res, replayed, CurrentRequestId());
    if (wake_worker) wake_worker();
    nlohmann::ordered_json body = {{"id", static_cast<int64_t>(id)}, {"status", "pending"}};
    res.set_header("Cache-Control", "no-store");
    res.set_content(body.dump(), "application/json");
}

}  // namespace stocktake::server
