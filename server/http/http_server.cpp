#include "http/http_server.h"

#include <malloc.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace stocktake::server {
namespace {

// cpp-httplib's default sets SO_REUSEPORT, which lets a second server bind a port that
// is already serving (the kernel then splits connections between them). SO_REUSEADDR
// alone allows a quick restart after TIME_WAIT yet still refuses a live listener.
void SocketOptions(socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

// Limits that keep a slow or idle client from holding a worker thread for long. The read
// and write timeouts bound each wait for the socket, not a whole transfer, so a large
// upload on a slow link still completes while a silent client is dropped. Request line and
// headers are capped by cpp-httplib itself at 8 KiB each (compiled into Debian's library).
constexpr time_t kReadTimeoutSeconds = 15;
constexpr time_t kWriteTimeoutSeconds = 15;
constexpr time_t kKeepAliveTimeoutSeconds = 5;
// cpp-httplib gives each connection a worker thread for as long as it is kept alive, so
// the pool is sized for the connections expected at once (its default is 8 on this
// machine: the 9th keep-alive client waited seconds). A connection is recycled after
// kKeepAliveMaxRequests so queued ones get a turn when there are more than workers.
constexpr size_t kWorkerThreads = 64;
constexpr size_t kKeepAliveMaxRequests = 100;
// Debian's cpp-httplib listens with a backlog of 5: a burst of new connections (64 clients
// starting at once) overflowed it and the dropped SYNs were retried a second later.
constexpr int kListenBacklog = 1024;

std::unique_ptr<httplib::Server> MakeServer(const TlsFiles& tls) {
    if (tls.cert_path.empty()) return std::make_unique<httplib::Server>();
    return std::make_unique<httplib::SSLServer>(tls.cert_path.c_str(), tls.key_path.c_str());
}

}  // namespace

Status BindError(const std::string& host, int port, int error, const char* port_variable) {
    const std::string variable = port_variable;
    const std::string where = host + ":" + std::to_string(port);
    switch (error) {
        case EADDRINUSE:
            return Status(Code::kUnavailable, "port " + std::to_string(port) + " is in use: set " +
                                                  variable +
                                                  " to a free "
                                                  "port, or stop the program using it");
        case EADDRNOTAVAIL:
            return Status(Code::kUnavailable, "cannot listen on " + where + ": " + host +
                                                  " is not an address of this machine: set "
                                                  "APP_HOST");
        case EACCES:
            return Status(Code::kUnavailable, "cannot listen on " + where +
                                                  ": permission denied: set " + variable +
                                                  " to 1024 or above");
        default:
            return Status(Code::kUnavailable,
                          "cannot listen on " + where +
                              (error != 0 ? std::string(": ") + std::strerror(error) : "") +
                              ": check APP_HOST and " + variable);
    }
}

// glibc gives busy threads malloc arenas of their own and hands an arena's free top back
// to the kernel (madvise) once it passes the trim threshold, 128 KiB unless set. With
// kWorkerThreads threads each allocating a request's buffers, that returned and refaulted
// memory at every few requests (a tenth of the server's time under a webhook storm, in
// madvise and its TLB shootdowns). Keeping up to this much free per arena costs little.
constexpr int kMallocTrimThreshold = 64 << 20;

HttpServer::HttpServer(const Services& services, const TlsFiles& tls)
    : tls_(!tls.cert_path.empty()), server_(MakeServer(tls)) {
    mallopt(M_TRIM_THRESHOLD, kMallocTrimThreshold);
    server_->set_socket_options([this](socket_t sock) {
        SocketOptions(sock);
        listen_socket_ = sock;
    });
    server_->set_read_timeout(kReadTimeoutSeconds, 0);
    server_->set_write_timeout(kWriteTimeoutSeconds, 0);
    server_->set_keep_alive_timeout(kKeepAliveTimeoutSeconds);
    server_->set_keep_alive_max_count(kKeepAliveMaxRequests);
    // Headers and body go out as two writes; without TCP_NODELAY, Nagle's algorithm holds
    // the body until the client's delayed ACK of the headers (~40 ms per response).
    server_->set_tcp_nodelay(true);
    server_->new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    WireRoutes(*server_, services);
}

HttpServer::~HttpServer() {
    Stop();
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
    if (!server_->is_valid()) {
        return Status(Code::kUnavailable,
                      "cannot serve HTTPS: OpenSSL could not load the certificate and key: "
                      "check that APP_TLS_CERT is a PEM certificate and APP_TLS_KEY its PEM "
                      "private key");
    }
    errno = 0;
    int bound_port = -1;
    if (port == 0) {
        bound_port = server_->bind_to_any_port(host);
    } else if (server_->bind_to_port(host, port)) {
        bound_port = port;
    }
    if (bound_port <= 0) return BindError(host, port, errno, "APP_PORT");
    // listen() again on a listening socket only resizes its queue (the kernel caps it at
    // net.core.somaxconn).
    listen(listen_socket_, kListenBacklog);
    std::lock_guard<std::mutex> lock(mu_);
    bound_ = true;
    return bound_port;
}

Status HttpServer::Run() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!bound_ || stop_requested_) {
            returned_ = true;
            cv_.notify_all();
            return bound_ ? Status::Ok() : Status::Internal("HttpServer::Run before Bind");
        }
        entered_ = true;
    }
    cv_.notify_all();
    const bool ok = server_->listen_after_bind();
    returned_ = true;
    if (!ok) return Status(Code::kUnavailable, "the listening socket failed");
    return Status::Ok();
}

void HttpServer::Stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        const bool first = !stop_requested_;
        stop_requested_ = true;
        if (!entered_) {
            cv_.notify_all();
            return;
        }
        if (!first) return;  // cpp-httplib's stop() must run once
    }
    // Run() has been entered: cpp-httplib's stop() only acts once its accept loop has
    // marked itself running, which happens right after entry.
    while (!server_->is_running() && !returned_) std::this_thread::yield();
    server_->stop();
}

void HttpServer::WaitUntilReady() {
    {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return entered_ || stop_requested_ || returned_; });
        if (!entered_) return;
    }
    while (!server_->is_running() && !returned_) std::this_thread::yield();
}

}  // namespace stocktake::server
