#include "stock/movement_rules.h"

#include <array>
#include <random>

#include "stocktake/engine/purchasing.h"
#include "stocktake/time.h"

namespace stocktake::engine {

namespace {

struct KindInfo {
    MovementKind kind;
    const char* name;
    int sign;  // +1: adds stock, -1: removes it, 0: either
};

constexpr std::array<KindInfo, 8> kKinds = {{
    {MovementKind::kReceive, "receive", +1},
    {MovementKind::kSale, "sale", -1},
    {MovementKind::kShip, "ship", -1},
    {MovementKind::kReturn, "return", +1},
    {MovementKind::kAdjust, "adjust", 0},
    {MovementKind::kTransferOut, "transfer_out", -1},
    {MovementKind::kTransferIn, "transfer_in", +1},
    {MovementKind::kCountAdjust, "count_adjust", 0},
}};

const KindInfo& InfoOf(MovementKind kind) {
    for (const KindInfo& info : kKinds) {
        if (info.kind == kind) return info;
    }
    return kKinds[4];  // adjust
}

}  // namespace

const char* MovementKindName(MovementKind kind) {
    return InfoOf(kind).name;
}

std::optional<MovementKind> MovementKindFromName(std::string_view name) {
    for (const KindInfo& info : kKinds) {
        if (name == info.name) return info.kind;
    }
    return std::nullopt;
}

Status ValidateMovement(Movement* m) {
    if (m->sku.empty()) return Status::InvalidArgument("the movement has no SKU");
    if (m->location.empty()) {
        return Status::InvalidArgument("the movement of " + m->sku +
                                       " has no location; say where the stock is");
    }
    if (m->delta == 0) {
        return Status::InvalidArgument("the movement of " + m->sku +
                                       " moves 0 units; record only real changes");
    }
    if (m->delta > kMaxPurchaseQuantity || m->delta < -kMaxPurchaseQuantity) {
        return Status::InvalidArgument("the movement of " + m->sku + " moves " +
                                       std::to_string(m->delta) +
                                       " units, more than anyone stocks; check the quantity "
                                       "(a barcode scanned into it?)");
    }
    const KindInfo& info = InfoOf(m->kind);
    if (info.sign != 0 && (m->delta > 0) != (info.sign > 0)) {
        return Status::InvalidArgument(
            std::string("a ") + info.name + (info.sign > 0 ? " adds" : " removes") +
            " stock, so its quantity must be " + (info.sign > 0 ? "positive" : "negative") +
            " (got " + std::to_string(m->delta) + "); use adjust for corrections");
    }
    Status occurred_at_ok = NormalizeInstantOrNow(&m->occurred_at, "occurred_at");
    if (!occurred_at_ok.ok()) return occurred_at_ok;
    if (!m->expiry.empty()) {
        Result<int64_t> expiry = ParseIso8601(m->expiry);
        if (!expiry.ok() || m->expiry.size() != 10) {
            return Status::InvalidArgument("expiry '" + m->expiry +
                                           "' is not a date like 2027-03-31");
        }
    }
    return Status::Ok();
}

Status NormalizeInstantOrNow(std::string* iso, const char* what) {
    if (iso->empty()) {
        *iso = FormatIso8601Utc(NowUnixSeconds());
        return Status::Ok();
    }
    Result<int64_t> when = ParseIso8601(*iso);
    if (!when.ok())
        return Status::InvalidArgument(std::string(what) + " " + when.status().message());
    *iso = FormatIso8601Utc(when.value());
    return Status::Ok();
}

std::string NewMovementId() {
    thread_local std::mt19937_64 generator = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    for (int part = 0; part < 2; ++part) {
        uint64_t bits = generator();
        for (int i = 0; i < 16; ++i, bits >>= 4) id += kHex[bits & 0xF];
    }
    return id;
}

}  // namespace stocktake::engine
