// What a ShipStation webhook request is answered, decided once for both listeners (the main
// port's cpp-httplib route and the evented APP_WEBHOOK_PORT): the checks on a request's
// head before its body is read (media type, announced length), the refusal of a body that
// passes the limit while it is read, and the answer to the intake's decision.
// Thread safety: pure functions, apart from the intake's logging and counting.
#pragma once

#include <string>

#include "webhooks/webhook_intake.h"

namespace stocktake::server {

// The route patterns of the two webhook routes (also their metrics labels).
inline constexpr const char* kSignedWebhookRoute = "/api/v1/webhooks/shipstation/([^/]+)";
inline constexpr const char* kSecretUrlWebhookRoute =
    "/api/v1/webhooks/shipstation/([^/]+)/([^/]+)";

struct WebhookReply {
    int http_status = 0;
    std::string body;         // JSON
    std::string retry_after;  // seconds, or "" for no Retry-After header
    // The body was not read whole: the connection cannot be reused after this answer.
    bool close = false;
};

// A request's head before its body is read. content_length: null when absent.
struct WebhookHead {
    std::string org_id;
    std::string content_type;
    const std::string* content_length = nullptr;
    std::string req_id;
};

// True when the body may be read; else *refusal is the answer (415, 413, or 400 for a
// Content-Length that is not a number), logged and counted by the intake.
bool AdmitWebhookHead(WebhookIntake& intake, const WebhookHead& head, WebhookReply* refusal);

// The answer (logged and counted) when the body passed the intake's limit while it was read
// (a chunked body announces no length).
WebhookReply WebhookBodyTooLarge(WebhookIntake& intake, const std::string& org_id,
                                 const std::string& req_id);

// The answer when the body could not be read whole (the sender hung up or garbled it).
WebhookReply WebhookBodyUnreadable(WebhookIntake& intake, const std::string& org_id,
                                   const std::string& req_id);

// The answer to the intake's decision (Admit's refusal, or Stored / Receive).
WebhookReply WebhookReplyFor(const IntakeAnswer& answer, const std::string& req_id);

}  // namespace stocktake::server
