// Engine's device-local state: this device's name and the scanner session. Neither makes an
// op: they describe this device, not the organisation's stock.

#include "stock/ledger.h"
#include "stocktake/engine/engine.h"
#include "stocktake/time.h"
#include "store/device_local_repo.h"
#include "store/store.h"

namespace stocktake::engine {

namespace {
constexpr size_t kMaxDeviceName = 80;  // what the server keeps (server/sync/device_name.h)
}  // namespace

Result<std::string> Engine::DeviceName() const {
    return DeviceLocalRepo(&store_->db()).Name();
}

Status Engine::SaveDeviceName(const std::string& name) {
    const size_t first = name.find_first_not_of(" \t");
    const std::string trimmed = first == std::string::npos
                                    ? ""
                                    : name.substr(first, name.find_last_not_of(" \t") - first + 1);
    for (const char c : trimmed) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return Status::InvalidArgument("A device name cannot hold control characters.");
        }
    }
    if (trimmed.size() > kMaxDeviceName) {
        return Status::InvalidArgument("A device name has at most " +
                                       std::to_string(kMaxDeviceName) + " bytes; this one has " +
                                       std::to_string(trimmed.size()) + ".");
    }
    return DeviceLocalRepo(&store_->db()).SaveName(trimmed);
}

Result<ScanSession> Engine::LoadScanSession() const {
    return DeviceLocalRepo(&store_->db()).Session();
}

Status Engine::SaveScanSession(const ScanSession& session) {
    for (const auto* lines : {&session.picks, &session.tallies}) {
        for (const ScanSessionLine& line : *lines) {
            if (line.sku.empty() || line.done < 0 || line.ordered < 0) {
                return Status::InvalidArgument(
                    "a scanner session line needs a SKU and counts of 0 or more");
            }
        }
    }
    const std::string now = FormatIso8601Utc(NowUnixSeconds());
    return InTransaction(*store_, [&]() -> Status {
        return DeviceLocalRepo(&store_->db()).SaveSession(session, now);
    });
}

}  // namespace stocktake::engine
