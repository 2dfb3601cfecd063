// WebhookListener: the two ShipStation webhook routes (signed, and the secret URL) on a port
// of their own (APP_WEBHOOK_PORT), served by one libmicrohttpd event loop (epoll) instead of
// the main port's thread per connection (docs/DECISIONS.md, "Webhook intake, session 11").
// Everything else on that port is 404. Plain HTTP: an operator who needs TLS puts a proxy in
// front (README "ShipStation webhooks"); the main port keeps its own TLS.
//
// Same WebhookIntake, same answers as the main port (handlers/webhook_reply.h): the head is
// checked before the body is read (415, 413), the body is read within the limit, then
// WebhookIntake::Admit runs every check and the connection is suspended. After each turn
// of the loop every delivery gathered is stored with one DeliveryQueue::EnqueueMany, and
// only then are their connections resumed and answered: 2xx only once durable. With
// commit_threads > 0 (serve: CommitThreadsFor) the loop hands each batch to a committing
// thread and goes on serving, and that thread resumes the batch's connections; with 0 the
// loop commits itself.
//
// Stop() drains: no new connections, requests in flight are answered (up to drain_timeout),
// so nothing acknowledged is lost and nothing stored goes unanswered without reason.
//
// Thread safety: Start() once, then Stop() from any one thread (the destructor stops too).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "log.h"
#include "stocktake/status.h"
#include "webhooks/webhook_intake.h"
#include "webhooks/webhook_queue.h"

namespace stocktake::server {

struct WebhookListenerOptions {
    // 0: the loop commits its batches itself. N > 0: N committing threads (batches waiting
    // for one are merged; the queue's group commit allows one write at a time).
    int commit_threads = 0;
    // How long Stop() waits for requests in flight before closing what is left.
    std::chrono::milliseconds drain_timeout{10000};
    // A connection silent this long is closed (keep-alive included).
    unsigned connection_timeout_seconds = 15;
};

// The committing threads serve gives the listener on a storage backend ("sqlite",
// "postgres"): the loop's HTTP, HMAC and JSON work overlaps the commit on both. On
// PostgreSQL a commit is a network round trip, and two threads let the next batch wait at
// the queue's door; SQLite has one writer, so one thread (docs/PERFORMANCE.md, "Webhook
// intake, session 11, SQLite").
int CommitThreadsFor(const std::string& backend);

class WebhookListener {
  public:
    // REQUIRES: intake, queue and logger outlive the listener.
    WebhookListener(WebhookIntake& intake, DeliveryQueue& queue, Logger& logger,
                    WebhookListenerOptions options = {});
    ~WebhookListener();
    WebhookListener(const WebhookListener&) = delete;
    WebhookListener& operator=(const WebhookListener&) = delete;

    // Listens on host:port (0 picks a free port) and starts serving on a thread of its own.
    // Returns the bound port, or Unavailable naming APP_WEBHOOK_PORT / APP_HOST.
    Result<int> Start(const std::string& host, int port);

    // Drains and stops (see above); returns once the loop has ended. Idempotent.
    void Stop();

  private:
    struct Loop;
    std::unique_ptr<Loop> loop_;
};

}  // namespace stocktake::server
