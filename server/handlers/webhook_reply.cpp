#include "handlers/webhook_reply.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>

#include "http/errors.h"

namespace stocktake::server {
namespace {

// The media type of a Content-Type value, lowercased, parameters dropped.
std::string MediaType(const std::string& content_type) {
    std::string type = content_type.substr(0, content_type.find(';'));
    type.erase(std::remove_if(type.begin(), type.end(),
                              [](unsigned char c) { return std::isspace(c) != 0; }),
               type.end());
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type;
}

bool ParseCount(const std::string& text, uint64_t* value) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// A refusal decided before the body was read whole: the rest of it is still on the
// connection, so the connection is closed after the answer rather than reused.
WebhookReply RefuseUnread(WebhookIntake& intake, const std::string& org_id, const char* result,
                          Status why, const std::string& req_id) {
    WebhookReply reply;
    const Status refused = intake.Refuse(org_id, result, std::move(why), req_id);
    reply.http_status = HttpStatusFor(refused.code());
    reply.body = JsonErrorBody(refused, req_id);
    reply.close = true;
    return reply;
}

Status TooLarge(size_t max) {
    return Status(Code::kPayloadTooLarge,
                  "a webhook body may be at most " + std::to_string(max) + " bytes");
}

}  // namespace

bool AdmitWebhookHead(WebhookIntake& intake, const WebhookHead& head, WebhookReply* refusal) {
    if (MediaType(head.content_type) != "application/json") {
        *refusal = RefuseUnread(
            intake, head.org_id, webhook_result::kUnsupportedMediaType,
            Status(Code::kInvalidArgument, "Content-Type must be application/json"), head.req_id);
        refusal->http_status = 415;
        return false;
    }
    if (head.content_length == nullptr) return true;
    uint64_t length = 0;
    if (!ParseCount(*head.content_length, &length)) {
        *refusal =
            RefuseUnread(intake, head.org_id, webhook_result::kMalformed,
                         Status::InvalidArgument("Content-Length is not a number"), head.req_id);
        return false;
    }
    const size_t max = intake.options().max_payload;
    if (length > max) {
        *refusal = RefuseUnread(intake, head.org_id, webhook_result::kTooLarge, TooLarge(max),
                                head.req_id);
        return false;
    }
    return true;
}

WebhookReply WebhookBodyTooLarge(WebhookIntake& intake, const std::string& org_id,
                                 const std::string& req_id) {
    return RefuseUnread(intake, org_id, webhook_result::kTooLarge,
                        TooLarge(intake.options().max_payload), req_id);
}

WebhookReply WebhookBodyUnreadable(WebhookIntake& intake, const std::string& org_id,
                                   const std::string& req_id) {
    return RefuseUnread(intake, org_id, webhook_result::kMalformed,
                        Status::InvalidArgument("the body could not be read whole"), req_id);
}

WebhookReply WebhookReplyFor(const IntakeAnswer& answer, const std::string& req_id) {
    WebhookReply reply;
    if (!answer.status.ok()) {
        reply.http_status = HttpStatusFor(answer.status.code());
        reply.body = JsonErrorBody(answer.status, req_id);
        if (answer.retry_after_seconds > 0) {
            reply.retry_after = std::to_string(answer.retry_after_seconds);
        }
        return reply;
    }
    nlohmann::ordered_json body = {{"status", answer.duplicate ? "duplicate" : "accepted"}};
    if (!answer.duplicate) body["id"] = answer.id;
    reply.http_status = answer.duplicate ? 200 : 202;
    reply.body = body.dump();
    return reply;
}

}  // namespace stocktake::server
