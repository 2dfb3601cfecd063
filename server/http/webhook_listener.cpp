#include "http/webhook_listener.h"

#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "handlers/webhook_reply.h"
#include "http/errors.h"
#include "http/http_server.h"
#include "http/request_record.h"

namespace stocktake::server {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kWebhookPrefix = "/api/v1/webhooks/shipstation/";
// The longest the loop sleeps without looking at MHD's timeouts and Stop() (which also
// wakes it).
constexpr int kTurnMs = 200;
// A chunked body over the limit is discarded while it is read (its 413 comes at its end);
// one that goes on past this many bytes more is cut off by closing the connection.
constexpr size_t kMaxDiscardedBytes = size_t{1} << 20;
constexpr unsigned kListenBacklog = 1024;
// The access log's statuses for a request that got no answer (nginx's).
constexpr int kConnectionTimedOut = 408;
constexpr int kClientClosedRequest = 499;

// One request, from its head to the log line (MHD's per-request state).
struct Request {
    std::string method;
    std::string path;
    const char* route = "";  // metrics label; "" until it is a webhook route
    std::string req_id;
    Clock::time_point start = Clock::now();
    IncomingDelivery delivery;
    std::string token;
    NewDelivery to_store;
    bool too_large = false;
    size_t discarded = 0;
    bool decided = false;  // reply is final (set before a suspended connection resumes)
    WebhookReply reply;
    bool answered = false;  // reply was queued on the connection
    bool last = false;      // the connection closes after this answer (the listener drains)
};

struct Held {
    MHD_Connection* connection;
    Request* request;
};

std::string Header(MHD_Connection* connection, const char* name) {
    const char* value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
    return value == nullptr ? "" : value;
}

// The org id and, on the secret URL, the token of a webhook path; false for any other path.
bool ParseWebhookPath(const std::string& path, std::string* org_id, std::string* token,
                      bool* secret_url) {
    if (path.rfind(kWebhookPrefix, 0) != 0) return false;
    const std::string rest = path.substr(std::strlen(kWebhookPrefix));
    const size_t slash = rest.find('/');
    *org_id = rest.substr(0, slash);
    *secret_url = slash != std::string::npos;
    *token = *secret_url ? rest.substr(slash + 1) : "";
    return !org_id->empty() &&
           (!*secret_url || (!token->empty() && token->find('/') == std::string::npos));
}

MHD_Result Send(MHD_Connection* connection, Request& request, const WebhookReply& reply) {
    request.reply = reply;
    MHD_Response* response = MHD_create_response_from_buffer(
        reply.body.size(), const_cast<char*>(reply.body.data()), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return MHD_NO;
    MHD_add_response_header(response, "Content-Type", "application/json");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "X-Request-Id", request.req_id.c_str());
    if (!reply.retry_after.empty()) {
        MHD_add_response_header(response, "Retry-After", reply.retry_after.c_str());
    }
    if (reply.close || request.last) MHD_add_response_header(response, "Connection", "close");
    const MHD_Result queued =
        MHD_queue_response(connection, static_cast<unsigned>(reply.http_status), response);
    MHD_destroy_response(response);
    request.answered = queued == MHD_YES;
    return queued;
}

// The answer to a request that arrives on a kept-alive connection while the listener
// drains: not read, not stored; the sender sends it again (to this server once it is back).
WebhookReply Draining(const Request& request) {
    WebhookReply reply;
    const Status status(Code::kUnavailable, "the server is shutting down: send it again");
    reply.http_status = HttpStatusFor(status.code());
    reply.body = JsonErrorBody(status, request.req_id);
    reply.close = true;
    return reply;
}

WebhookReply NotFound(const Request& request) {
    WebhookReply reply;
    const Status status(Code::kNotFound,
                        "this port serves only POST /api/v1/webhooks/shipstation/{org_id} and "
                        "/api/v1/webhooks/shipstation/{org_id}/{token}");
    reply.http_status = HttpStatusFor(status.code());
    reply.body = JsonErrorBody(status, request.req_id);
    reply.close = true;  // a body may follow, unread
    return reply;
}

void LogMhdError(void* cls, const char* format, va_list args) {
    char text[512];
    std::vsnprintf(text, sizeof text, format, args);
    std::string message = text;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    static_cast<Logger*>(cls)->Warn("webhook listener", {{"error", message}});
}

}  // namespace

struct WebhookListener::Loop {
    Loop(WebhookIntake& intake_in, DeliveryQueue& queue_in, Logger& logger_in,
         WebhookListenerOptions options_in)
        : intake(intake_in), queue(queue_in), logger(logger_in), options(options_in) {}

    WebhookIntake& intake;
    DeliveryQueue& queue;
    Logger& logger;
    const WebhookListenerOptions options;
    MHD_Daemon* daemon = nullptr;
    int listen_fd = -1;
    // The loop waits on its own epoll set: MHD's epoll fd and wake_fd. In MHD's external
    // polling mode a resumed connection shows no socket activity, so Commit writes wake_fd
    // once per batch it resumed, whichever thread ran it (as does Stop()).
    int epoll_fd = -1;
    int wake_fd = -1;
    std::thread thread;
    std::atomic<bool> stop_requested{false};
    bool draining = false;  // loop thread only: no new connections, no new requests
    std::mutex stop_mu;     // serialises Stop()
    // Requests MHD holds state for (from their head until answered or dropped).
    size_t in_flight = 0;        // loop thread only
    std::vector<Held> gathered;  // admitted this turn, suspended; loop thread only

    // Batches handed to the committing threads.
    std::mutex commit_mu;
    std::condition_variable commit_cv;
    std::vector<Held> to_commit;   // guarded by commit_mu
    bool committers_stop = false;  // guarded by commit_mu
    std::vector<std::thread> committers;

    MHD_Result Access(MHD_Connection* connection, const char* url, const char* method,
                      const char* upload_data, size_t* upload_data_size, void** state);
    MHD_Result Begin(MHD_Connection* connection, const char* url, const char* method, void** state);
    void Completed(Request* request, MHD_RequestTerminationCode code);
    // Stores a batch, decides its answers and resumes its connections (any thread).
    void Commit(std::vector<Held>& batch);
    void Committer();
    void Wake();
    // Waits for MHD's sockets, a wake-up or MHD's next timeout, then runs MHD once.
    void Turn(int max_wait_ms);
    void Run();
};

void WebhookListener::Loop::Wake() {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = write(wake_fd, &one, sizeof one);
}

void WebhookListener::Loop::Turn(int max_wait_ms) {
    int wait_ms = max_wait_ms;
    MHD_UNSIGNED_LONG_LONG mhd_ms = 0;
    if (MHD_get_timeout(daemon, &mhd_ms) == MHD_YES && mhd_ms < static_cast<unsigned>(wait_ms)) {
        wait_ms = static_cast<int>(mhd_ms);
    }
    epoll_event events[2];
    const int ready = epoll_wait(epoll_fd, events, 2, wait_ms);
    for (int i = 0; i < ready; ++i) {
        if (events[i].data.fd != wake_fd) continue;
        uint64_t count = 0;
        [[maybe_unused]] const ssize_t got = read(wake_fd, &count, sizeof count);
    }
    MHD_run(daemon);
}

MHD_Result WebhookListener::Loop::Begin(MHD_Connection* connection, const char* url,
                                        const char* method, void** state) {
    auto owned = std::make_unique<Request>();
    Request& request = *owned;
    *state = owned.release();
    ++in_flight;
    request.method = method;
    request.path = url;
    request.req_id = RequestIdFor(Header(connection, "X-Request-Id"));
    request.delivery.req_id = request.req_id;
    request.last = draining;
    if (draining) return Send(connection, request, Draining(request));
    bool secret_url = false;
    if (std::strcmp(method, MHD_HTTP_METHOD_POST) != 0 ||
        !ParseWebhookPath(request.path, &request.delivery.org_id, &request.token, &secret_url)) {
        return Send(connection, request, NotFound(request));
    }
    request.route = secret_url ? kSecretUrlWebhookRoute : kSignedWebhookRoute;
    if (secret_url) request.delivery.token = &request.token;

    const char* length =
        MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const std::string content_length = length == nullptr ? "" : length;
    WebhookHead head{request.delivery.org_id, Header(connection, MHD_HTTP_HEADER_CONTENT_TYPE),
                     length == nullptr ? nullptr : &content_length, request.req_id};
    WebhookReply refusal;
    if (!AdmitWebhookHead(intake, head, &refusal)) return Send(connection, request, refusal);
    return MHD_YES;
}

MHD_Result WebhookListener::Loop::Access(MHD_Connection* connection, const char* url,
                                         const char* method, const char* upload_data,
                                         size_t* upload_data_size, void** state) {
    if (*state == nullptr) return Begin(connection, url, method, state);
    Request& request = *static_cast<Request*>(*state);
    if (*upload_data_size > 0) {
        std::string& body = request.delivery.body;
        const size_t size = *upload_data_size;
        *upload_data_size = 0;
        const bool dropping = request.answered || request.too_large;
        if (!dropping && body.size() + size <= intake.options().max_payload) {
            body.append(upload_data, size);
            return MHD_YES;
        }
        request.discarded += size;
        if (request.discarded > kMaxDiscardedBytes) return MHD_NO;
        if (dropping) return MHD_YES;
        // Past the limit (a chunked body announces no length): answered now where MHD lets
        // the answer go before the body's end, else at its end; the rest is dropped.
        request.too_large = true;
        request.reply = WebhookBodyTooLarge(intake, request.delivery.org_id, request.req_id);
        request.decided = true;
        Send(connection, request, request.reply);
        return MHD_YES;
    }
    if (request.answered) return MHD_YES;
    if (request.decided) return Send(connection, request, request.reply);
    request.delivery.timestamp = Header(connection, "X-ShipStation-Timestamp");
    request.delivery.signature = Header(connection, "X-ShipStation-Signature");
    request.delivery.delivery_id = Header(connection, "X-ShipStation-Delivery-Id");
    const IntakeAnswer admitted = intake.Admit(request.delivery, &request.to_store);
    if (!admitted.status.ok()) {
        return Send(connection, request, WebhookReplyFor(admitted, request.req_id));
    }
    gathered.push_back({connection, &request});
    MHD_suspend_connection(connection);
    return MHD_YES;
}

void WebhookListener::Loop::Completed(Request* request, MHD_RequestTerminationCode code) {
    if (request == nullptr) return;
    --in_flight;
    // A request that got no answer leaves its line too, under nginx's codes: 408 when the
    // connection timed out, else 499 (the sender hung up; a stored delivery is sent again and
    // found by its key). The operator sees the sender that gave up, not a gap in the log.
    RequestRecord record;
    record.method = request->method;
    record.path = request->path;
    record.route = request->route;
    if (request->answered) {
        record.status = request->reply.http_status;
        record.bytes = request->reply.body.size();
    } else {
        record.status = code == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? kConnectionTimedOut
                                                                       : kClientClosedRequest;
    }
    record.seconds = std::chrono::duration<double>(Clock::now() - request->start).count();
    record.req_id = request->req_id;
    RecordRequest(logger, record);
    delete request;
}

void WebhookListener::Loop::Commit(std::vector<Held>& batch) {
    std::vector<NewDelivery> deliveries;
    deliveries.reserve(batch.size());
    for (const Held& held : batch) deliveries.push_back(held.request->to_store);
    const std::vector<Result<EnqueueResult>> stored = queue.EnqueueMany(deliveries);
    for (size_t i = 0; i < batch.size(); ++i) {
        Request& request = *batch[i].request;
        request.reply = WebhookReplyFor(intake.Stored(request.delivery, stored[i]), request.req_id);
        request.decided = true;
        MHD_resume_connection(batch[i].connection);
    }
    // Resumed connections show no socket activity to the loop's epoll set: one wake-up a
    // batch (also when the loop committed it itself).
    Wake();
}

void WebhookListener::Loop::Committer() {
    std::vector<Held> batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(commit_mu);
            commit_cv.wait(lock, [&] { return !to_commit.empty() || committers_stop; });
            if (to_commit.empty()) return;
            batch.swap(to_commit);
        }
        Commit(batch);
        batch.clear();
    }
}

void WebhookListener::Loop::Run() {
    Clock::time_point deadline;
    for (;;) {
        Turn(kTurnMs);
        if (!gathered.empty()) {
            if (committers.empty()) {
                Commit(gathered);
            } else {
                {
                    std::lock_guard<std::mutex> lock(commit_mu);
                    to_commit.insert(to_commit.end(), gathered.begin(), gathered.end());
                }
                commit_cv.notify_one();
            }
            gathered.clear();
        }
        if (!stop_requested) continue;
        if (!draining) {
            draining = true;
            deadline = Clock::now() + options.drain_timeout;
            const MHD_socket listening = MHD_quiesce_daemon(daemon);
            if (listening != MHD_INVALID_SOCKET) close(listening);
            listen_fd = -1;
        }
        if (in_flight == 0 || Clock::now() > deadline) break;
    }
    {
        std::lock_guard<std::mutex> lock(commit_mu);
        committers_stop = true;
    }
    commit_cv.notify_all();
    for (std::thread& committer : committers) committer.join();
    committers.clear();
    // What the committers resumed is answered (or closed) here; MHD must not stop with a
    // connection suspended.
    Turn(0);
    while (!gathered.empty()) {
        Commit(gathered);
        gathered.clear();
        Turn(0);
    }
    MHD_stop_daemon(daemon);
    daemon = nullptr;
    close(epoll_fd);
    close(wake_fd);
}

int CommitThreadsFor(const std::string& backend) {
    return backend == "postgres" ? 2 : 1;
}

WebhookListener::WebhookListener(WebhookIntake& intake, DeliveryQueue& queue, Logger& logger,
                                 WebhookListenerOptions options)
    : loop_(std::make_unique<Loop>(intake, queue, logger, options)) {}

WebhookListener::~WebhookListener() {
    Stop();
}

Result<int> WebhookListener::Start(const std::string& host, int port) {
    Loop& loop = *loop_;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0 ||
        found == nullptr) {
        return BindError(host, port, EADDRNOTAVAIL, "APP_WEBHOOK_PORT");
    }
    const int family = found->ai_family;
    const int fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
    int error = fd < 0 ? errno : 0;
    if (fd >= 0) {
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, kListenBacklog) != 0) {
            error = errno;
        }
    }
    freeaddrinfo(found);
    if (error != 0) {
        if (fd >= 0) close(fd);
        return BindError(host, port, error, "APP_WEBHOOK_PORT");
    }
    sockaddr_storage bound{};
    socklen_t bound_size = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &bound_size);
    const int bound_port =
        ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                 : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);

    MHD_AccessHandlerCallback access = [](void* cls, MHD_Connection* connection, const char* url,
                                          const char* method, const char* /*version*/,
                                          const char* upload_data, size_t* upload_data_size,
                                          void** state) {
        return static_cast<Loop*>(cls)->Access(connection, url, method, upload_data,
                                               upload_data_size, state);
    };
    MHD_RequestCompletedCallback completed = [](void* cls, MHD_Connection* /*connection*/,
                                                void** state, MHD_RequestTerminationCode code) {
        static_cast<Loop*>(cls)->Completed(static_cast<Request*>(*state), code);
        *state = nullptr;
    };
    unsigned flags = MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    if (family == AF_INET6) flags |= MHD_USE_IPv6;
    loop.daemon =
        MHD_start_daemon(flags, 0, nullptr, nullptr, access, &loop, MHD_OPTION_EXTERNAL_LOGGER,
                         &LogMhdError, &loop.logger, MHD_OPTION_LISTEN_SOCKET, fd,
                         MHD_OPTION_CONNECTION_TIMEOUT, loop.options.connection_timeout_seconds,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, &loop, MHD_OPTION_END);
    if (loop.daemon == nullptr) {
        close(fd);
        return Status(Code::kUnavailable,
                      "the webhook listener (APP_WEBHOOK_PORT) could not start on port " +
                          std::to_string(bound_port));
    }
    loop.listen_fd = fd;
    const MHD_DaemonInfo* info = MHD_get_daemon_info(loop.daemon, MHD_DAEMON_INFO_EPOLL_FD);
    loop.wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    loop.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    for (const int watched : {info == nullptr ? -1 : info->epoll_fd, loop.wake_fd}) {
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.fd = watched;
        if (watched < 0 || loop.epoll_fd < 0 ||
            epoll_ctl(loop.epoll_fd, EPOLL_CTL_ADD, watched, &event) != 0) {
            const int wait_error = errno;
            MHD_stop_daemon(loop.daemon);
            loop.daemon = nullptr;
            if (loop.epoll_fd >= 0) close(loop.epoll_fd);
            if (loop.wake_fd >= 0) close(loop.wake_fd);
            return Status(Code::kUnavailable, std::string("the webhook listener cannot wait "
                                                          "for its sockets: ") +
                                                  std::strerror(wait_error));
        }
    }
    for (int i = 0; i < loop.options.commit_threads; ++i) {
        loop.committers.emplace_back([&loop] {
            pthread_setname_np(pthread_self(), "webhook-commit");
            loop.Committer();
        });
    }
    loop.thread = std::thread([&loop] {
        pthread_setname_np(pthread_self(), "webhook-loop");
        loop.Run();
    });
    return bound_port;
}

void WebhookListener::Stop() {
    Loop& loop = *loop_;
    std::lock_guard<std::mutex> lock(loop.stop_mu);
    if (!loop.thread.joinable()) return;
    loop.stop_requested = true;
    loop.Wake();
    loop.thread.join();
}

}  // namespace stocktake::server
