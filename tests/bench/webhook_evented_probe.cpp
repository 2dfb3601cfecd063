// webhook_evented_probe: an evaluation, not a server (docs/DECISIONS.md, "Webhook intake,
// session 10"). It serves only POST /api/v1/webhooks/shipstation/{org} (signed deliveries)
// from one event-loop thread (libmicrohttpd, epoll) in front of the real intake, to measure
// what stocktake serve's thread-per-connection model (cpp-httplib) costs a delivery.
//
// One thread does everything: MHD parses every ready request; the access handler checks
// the Content-Type and Content-Length before the body (415/413 unread), reads the body
// within the limit, runs WebhookIntake::Admit (timestamp, HMAC, JSON, throttle, key) and
// suspends the connection; after each MHD_run_wait the loop stores what it gathered with one
// DeliveryQueue::EnqueueMany (one transaction), then resumes those connections, which are
// answered 202/200 only now, after the commit. No thread hand-off anywhere.
//
//   APP_WEBHOOK_SECRETS=S webhook_evented_probe DATABASE_URL PORT
//
// Like serve, it runs the ShipStation processor's checks and the delivery worker (one
// attempt per delivery, retried later without API credentials). Runs until killed. Not
// part of the product: no TLS, no access log, no other route, no secret-URL route, and a
// chunked body over the limit is read whole before its 413.
#include <microhttpd.h>
#include <netinet/in.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_util.h"
#include "http/errors.h"
#include "log.h"
#include "storage/storage.h"
#include "webhooks/delivery_worker.h"
#include "webhooks/shipstation_processor.h"
#include "webhooks/webhook_intake.h"

namespace {

using namespace stocktake::server;
using stocktake::Code;
using stocktake::Result;
using stocktake::Status;

constexpr const char* kPrefix = "/api/v1/webhooks/shipstation/";

struct Request {
    IncomingDelivery delivery;
    NewDelivery to_store;
    bool too_large = false;
    bool ready = false;  // the answer below is final (after the batch's commit)
    int status = 0;
    std::string answer;
    std::string retry_after;
};

struct Probe {
    WebhookIntake* intake = nullptr;
    std::vector<std::pair<MHD_Connection*, Request*>> batch;  // suspended, to store
};

MHD_Result Reply(MHD_Connection* connection, int status, const std::string& json,
                 const std::string& retry_after = "") {
    MHD_Response* response = MHD_create_response_from_buffer(
        json.size(), const_cast<char*>(json.data()), MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(response, "Content-Type", "application/json");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    if (!retry_after.empty()) MHD_add_response_header(response, "Retry-After", retry_after.c_str());
    const MHD_Result queued =
        MHD_queue_response(connection, static_cast<unsigned>(status), response);
    MHD_destroy_response(response);
    return queued;
}

std::string ErrorJson(const Status& status) {
    return nlohmann::json{{"error", stocktake::CodeName(status.code())},
                          {"message", status.message()}}
        .dump();
}

MHD_Result ReplyError(MHD_Connection* connection, const Status& status) {
    return Reply(connection, HttpStatusFor(status.code()), ErrorJson(status));
}

std::string Header(MHD_Connection* connection, const char* name) {
    const char* value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
    return value == nullptr ? "" : value;
}

// The answer of an intake decision, kept on the request until MHD asks for it.
void Decide(Request& request, const IntakeAnswer& answer) {
    request.ready = true;
    if (!answer.status.ok()) {
        request.status = HttpStatusFor(answer.status.code());
        request.answer = ErrorJson(answer.status);
        if (answer.retry_after_seconds > 0) {
            request.retry_after = std::to_string(answer.retry_after_seconds);
        }
        return;
    }
    nlohmann::ordered_json body = {{"status", answer.duplicate ? "duplicate" : "accepted"}};
    if (!answer.duplicate) body["id"] = answer.id;
    request.status = answer.duplicate ? 200 : 202;
    request.answer = body.dump();
}

// The headers arrived (no body read yet): route, media type and announced size.
MHD_Result Begin(Probe& probe, MHD_Connection* connection, const char* url, const char* method,
                 void** state) {
    const std::string path = url;
    const std::string org = path.rfind(kPrefix, 0) == 0 ? path.substr(std::strlen(kPrefix)) : "";
    if (std::strcmp(method, "POST") != 0 || org.empty() || org.find('/') != std::string::npos) {
        return ReplyError(connection, Status::NotFound("no API endpoint " + path));
    }
    WebhookIntake& intake = *probe.intake;
    std::string type = Header(connection, "Content-Type");
    type = type.substr(0, type.find(';'));
    if (type != "application/json") {
        Status why = intake.Refuse(org, webhook_result::kUnsupportedMediaType,
                                   Status::InvalidArgument("Content-Type must be application/json"),
                                   "probe");
        return Reply(connection, 415, ErrorJson(why));
    }
    const std::string length = Header(connection, "Content-Length");
    uint64_t announced = 0;
    std::from_chars(length.data(), length.data() + length.size(), announced);
    const size_t max = intake.options().max_payload;
    if (announced > max) {
        Status why =
            intake.Refuse(org, webhook_result::kTooLarge,
                          Status(Code::kPayloadTooLarge, "a webhook body is too large"), "probe");
        return ReplyError(connection, why);
    }
    auto request = std::make_unique<Request>();
    request->delivery.org_id = org;
    request->delivery.req_id = "probe";
    *state = request.release();
    return MHD_YES;
}

MHD_Result Handle(void* cls, MHD_Connection* connection, const char* url, const char* method,
                  const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                  void** state) {
    Probe& probe = *static_cast<Probe*>(cls);
    if (*state == nullptr) return Begin(probe, connection, url, method, state);
    Request& request = *static_cast<Request*>(*state);
    if (*upload_data_size > 0) {
        std::string& body = request.delivery.body;
        if (body.size() + *upload_data_size > probe.intake->options().max_payload) {
            request.too_large = true;
        } else {
            body.append(upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (request.ready) {
        return Reply(connection, request.status, request.answer, request.retry_after);
    }
    if (request.too_large) {
        return ReplyError(
            connection,
            probe.intake->Refuse(request.delivery.org_id, webhook_result::kTooLarge,
                                 Status(Code::kPayloadTooLarge, "a webhook body is too large"),
                                 "probe"));
    }
    request.delivery.timestamp = Header(connection, "X-ShipStation-Timestamp");
    request.delivery.signature = Header(connection, "X-ShipStation-Signature");
    request.delivery.delivery_id = Header(connection, "X-ShipStation-Delivery-Id");
    const IntakeAnswer admitted = probe.intake->Admit(request.delivery, &request.to_store);
    if (!admitted.status.ok()) {
        Decide(request, admitted);
        return Reply(connection, request.status, request.answer, request.retry_after);
    }
    probe.batch.emplace_back(connection, &request);
    MHD_suspend_connection(connection);
    return MHD_YES;
}

void Completed(void* /*cls*/, MHD_Connection* /*connection*/, void** state,
               MHD_RequestTerminationCode /*code*/) {
    delete static_cast<Request*>(*state);
    *state = nullptr;
}

std::vector<std::string> SplitSecrets(const char* text) {
    std::vector<std::string> secrets;
    std::stringstream in(text == nullptr ? "" : text);
    for (std::string secret; std::getline(in, secret, ',');) {
        if (!secret.empty()) secrets.push_back(secret);
    }
    return secrets;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr,
                     "usage: APP_WEBHOOK_SECRETS=S webhook_evented_probe DATABASE_URL PORT\n");
        return 2;
    }
    Result<std::unique_ptr<SqlDatabase>> db = OpenStorage(argv[1], 4);
    if (!db.ok()) return stocktake::bench::Fail(db.status());
    Logger logger(std::cerr, LogLevel::kError);
    DeliveryQueue queue(**db);
    WebhookCredentialStore credentials(**db);
    WebhookSecrets secrets(SplitSecrets(std::getenv("APP_WEBHOOK_SECRETS")), "", &logger);
    // The work serve does besides the intake: the ShipStation processor's checks, and its
    // worker's one attempt per delivery (retried later: no API credentials).
    std::unique_ptr<DeliveryProcessor> processor =
        MakeShipStationProcessor(**db, ShipStationConfig{});
    DeliveryWorker worker(queue, *processor, logger);
    worker.Start();
    WebhookIntake intake(queue, credentials, secrets, processor.get(), logger,
                         WebhookIntakeOptions{}, [&worker] { worker.Wake(); });
    Probe probe;
    probe.intake = &intake;

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    MHD_Daemon* mhd = MHD_start_daemon(
        MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO | MHD_USE_ERROR_LOG, 0, nullptr,
        nullptr, &Handle, &probe, MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_CONNECTION_TIMEOUT,
        static_cast<unsigned>(15), MHD_OPTION_LISTEN_BACKLOG_SIZE, static_cast<unsigned>(1024),
        MHD_OPTION_NOTIFY_COMPLETED, &Completed, nullptr, MHD_OPTION_END);
    if (mhd == nullptr) {
        std::fprintf(stderr, "webhook_evented_probe: cannot listen on port %s\n", argv[2]);
        return 1;
    }
    std::vector<NewDelivery> to_store;
    for (;;) {
        MHD_run_wait(mhd, 1000);
        if (probe.batch.empty()) continue;
        to_store.clear();
        for (const auto& entry : probe.batch) to_store.push_back(entry.second->to_store);
        const std::vector<Result<EnqueueResult>> stored = queue.EnqueueMany(to_store);
        for (size_t i = 0; i < probe.batch.size(); ++i) {
            auto& [connection, request] = probe.batch[i];
            Decide(*request, intake.Stored(request->delivery, stored[i]));
            MHD_resume_connection(connection);
        }
        probe.batch.clear();
    }
}
