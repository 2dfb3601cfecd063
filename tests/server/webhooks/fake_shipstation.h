// A fake ShipStation v1 API on a loopback port, for the processor's tests: GET /orders and
// GET /shipments answer the documented list shape ({"orders"|"shipments": [...], "total",
// "page", "pages"}) page by page, with X-Rate-Limit-Limit/-Remaining/-Reset on every
// answer; a test can script the next answers (429, 500, malformed bodies) and read what
// was asked.
// Thread safety: the server thread answers while the test reads counters; both lock.
#pragma once

#include <httplib.h>

#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace stocktake::server::testing {

struct FakeAnswer {
    int status = 200;
    std::string body;
    httplib::Headers headers;  // added to the rate-limit headers (and replacing them)
};

class FakeShipStation {
  public:
    FakeShipStation() {
        for (const char* list : {"orders", "shipments"}) {
            server_.Get(std::string("/") + list,
                        [this, list](const httplib::Request& request, httplib::Response& response) {
                            Answer(list, request, response);
                        });
        }
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("the fake ShipStation cannot listen");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::yield();
    }
    ~FakeShipStation() {
        server_.stop();
        thread_.join();
    }
    FakeShipStation(const FakeShipStation&) = delete;
    FakeShipStation& operator=(const FakeShipStation&) = delete;

    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    // What GET /<list> serves, page_size items a page.
    void Serve(const std::string& list, std::vector<nlohmann::json> items, size_t page_size) {
        std::lock_guard<std::mutex> lock(mutex_);
        lists_[list] = {std::move(items), page_size};
    }
    // The next requests get these answers, in order, instead of the list.
    void Script(FakeAnswer answer) {
        std::lock_guard<std::mutex> lock(mutex_);
        scripted_.push_back(std::move(answer));
    }
    void SetRateLimit(int remaining, int reset_seconds) {
        std::lock_guard<std::mutex> lock(mutex_);
        remaining_ = remaining;
        reset_seconds_ = reset_seconds;
    }

    int requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return static_cast<int>(targets_.size());
    }
    // "/orders?storeID=1&page=2" for each request, in order.
    std::vector<std::string> targets() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return targets_;
    }
    std::string last_authorization() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return last_authorization_;
    }

  private:
    struct List {
        std::vector<nlohmann::json> items;
        size_t page_size = 100;
    };

    void Answer(const std::string& list, const httplib::Request& request,
                httplib::Response& response) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::string target = request.path;
        std::string query;
        for (const auto& [name, value] : request.params) {
            query += (query.empty() ? "?" : "&") + name + "=" + value;
        }
        targets_.push_back(target + query);
        last_authorization_ = request.get_header_value("Authorization");
        response.set_header("X-Rate-Limit-Limit", "40");
        response.set_header("X-Rate-Limit-Remaining", std::to_string(remaining_));
        response.set_header("X-Rate-Limit-Reset", std::to_string(reset_seconds_));
        if (!scripted_.empty()) {
            FakeAnswer answer = std::move(scripted_.front());
            scripted_.pop_front();
            response.status = answer.status;
            for (const auto& [name, value] : answer.headers) {
                response.headers.erase(name);
                response.set_header(name.c_str(), value);
            }
            response.set_content(answer.body, "application/json");
            return;
        }
        const List& served = lists_[list];
        const size_t page =
            request.has_param("page") ? std::stoul(request.get_param_value("page")) : 1;
        const size_t total = served.items.size();
        const size_t pages = (total + served.page_size - 1) / served.page_size;
        nlohmann::json items = nlohmann::json::array();
        for (size_t i = (page - 1) * served.page_size; i < std::min(total, page * served.page_size);
             ++i) {
            items.push_back(served.items[i]);
        }
        response.set_content(
            nlohmann::json{{list, items}, {"total", total}, {"page", page}, {"pages", pages}}
                .dump(),
            "application/json");
    }

    httplib::Server server_;
    std::thread thread_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::map<std::string, List> lists_;
    std::deque<FakeAnswer> scripted_;
    int remaining_ = 39;
    int reset_seconds_ = 42;
    std::vector<std::string> targets_;
    std::string last_authorization_;
};

// An item of an order or shipment, as ShipStation lists it: line i of order_id.
inline nlohmann::json ApiItem(int64_t order_id, size_t i, const std::string& sku, int quantity) {
    return {{"orderItemId", order_id * 10 + static_cast<int64_t>(i)},
            {"lineItemKey", "LK-" + std::to_string(order_id) + "-" + std::to_string(i)},
            {"sku", sku},
            {"name", "Item " + sku},
            {"quantity", quantity},
            {"unitPrice", 12.5}};
}

// An order as GET /orders lists it (the fields ShipStation documents; those the server
// ignores are there too, so the parser is shown to skip them). lines: {sku, quantity}.
inline nlohmann::json ApiOrder(int64_t order_id, const std::string& status,
                               const std::vector<std::pair<std::string, int>>& lines) {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < lines.size(); ++i) {
        nlohmann::json item = ApiItem(order_id, i, lines[i].first, lines[i].second);
        item.update({{"imageUrl", nullptr},
                     {"weight", {{"value", 8}, {"units", "ounces"}}},
                     {"taxAmount", nullptr},
                     {"warehouseLocation", nullptr},
                     {"options", nlohmann::json::array()},
                     {"productId", nullptr},
                     {"adjustment", false},
                     {"createDate", "2026-11-20T09:15:00.0000000"}});
        items.push_back(std::move(item));
    }
    // A discount: money, not goods.
    items.push_back({{"orderItemId", order_id * 10 + 9},
                     {"lineItemKey", "discount"},
                     {"sku", nullptr},
                     {"quantity", 1},
                     {"unitPrice", -2.0},
                     {"adjustment", true}});
    return {{"orderId", order_id},
            {"orderNumber", "A-" + std::to_string(order_id)},
            {"orderKey", "key-" + std::to_string(order_id)},
            {"orderDate", "2026-11-20T09:15:00.0000000"},
            {"createDate", "2026-11-20T09:16:02.4930000"},
            {"modifyDate", "2026-11-20T09:16:02.49"},
            {"paymentDate", "2026-11-20T09:15:00.0000000"},
            {"shipByDate", nullptr},
            {"orderStatus", status},
            {"customerEmail", "buyer@example.com"},
            {"shipTo", {{"name", "A Buyer"}, {"residential", ""}}},
            {"items", items},
            {"orderTotal", 25.0},
            {"advancedOptions", {{"storeId", 12345}, {"warehouseId", 777}, {"source", "amazon"}}}};
}

// One page of a list with another to follow: {"<list>": [item], "page": 1, "pages": 2}.
inline std::string ApiListPage(const std::string& list, nlohmann::json item) {
    return nlohmann::json{{list, {std::move(item)}}, {"total", 2}, {"page", 1}, {"pages", 2}}
        .dump();
}

// A shipment as GET /shipments?includeShipmentItems=true lists it.
inline nlohmann::json ApiShipment(int64_t shipment_id, int64_t order_id,
                                  const std::vector<std::pair<std::string, int>>& lines,
                                  bool voided = false) {
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = 0; i < lines.size(); ++i) {
        items.push_back(ApiItem(order_id, i, lines[i].first, lines[i].second));
    }
    return {{"shipmentId", shipment_id},
            {"orderId", order_id},
            {"orderKey", "key-" + std::to_string(order_id)},
            {"orderNumber", "A-" + std::to_string(order_id)},
            {"createDate", "2026-11-21T10:00:00.033"},
            {"shipDate", "2026-11-21"},
            {"trackingNumber", "1Z999"},
            {"isReturnLabel", false},
            {"carrierCode", "ups"},
            {"warehouseId", 777},
            {"voided", voided},
            {"voidDate", voided ? nlohmann::json("2026-11-21T12:00:00.0000000") : nlohmann::json()},
            {"shipmentItems", items}};
}

}  // namespace stocktake::server::testing
