// HttpServer: one cpp-httplib server with Stocktake's routes, bound then run; HTTPS when
// given a certificate and key. Timeouts and keep-alive limits are set here (see .cpp).
// Typical use: Bind() (fails fast when the port is taken), Run() on some thread, Stop()
// from another (a signal thread, a test). Run() returns once in-flight requests finish.
// Thread safety: Stop() and WaitUntilReady() may be called from any thread; Bind() and
// Run() from one thread, in that order, once.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "http/router.h"
#include "stocktake/status.h"

namespace stocktake::server {

// PEM files for HTTPS; both empty for plain HTTP.
struct TlsFiles {
    std::string cert_path;
    std::string key_path;
};

// Why listening on host:port failed (errno error), in words an operator can act on;
// port_variable names the setting to change ("APP_PORT").
Status BindError(const std::string& host, int port, int error, const char* port_variable);

class HttpServer {
  public:
    // REQUIRES: services outlive the HttpServer. A certificate or key that OpenSSL cannot
    // load makes Bind() fail with a message naming APP_TLS_CERT/APP_TLS_KEY.
    explicit HttpServer(const Services& services, const TlsFiles& tls = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds host:port and starts listening (connections queue until Run()). port 0 picks
    // a free port. Returns the bound port, or Unavailable with a message an operator can
    // act on ("port 8080 is in use: set APP_PORT").
    Result<int> Bind(const std::string& host, int port);

    // Accepts and serves connections until Stop(). REQUIRES: Bind() succeeded.
    Status Run();

    // Makes Run() return (idempotent; before Run() starts it makes Run() return at once).
    void Stop();

    // Blocks until Run() is accepting connections, or has already returned.
    void WaitUntilReady();

    bool tls() const { return tls_; }

  private:
    const bool tls_;
    std::unique_ptr<httplib::Server> server_;  // an httplib::SSLServer when tls_
    std::mutex mu_;
    std::condition_variable cv_;
    bool bound_ = false;
    bool entered_ = false;         // Run() has started (guarded by mu_)
    bool stop_requested_ = false;  // guarded by mu_
    std::atomic<bool> returned_{false};
    socket_t listen_socket_ = INVALID_SOCKET;  // set by Bind()
};

}  // namespace stocktake::server
