#include "stocktake/engine/types.h"

namespace stocktake::engine {

const char* ImportStateName(ImportState state) {
    switch (state) {
        case ImportState::kRunning: return "running";
        case ImportState::kSucceeded: return "succeeded";
        case ImportState::kFailed: return "failed";
    }
    return "failed";
}

const char* ChangeKindName(ChangeKind kind) {
    switch (kind) {
        case ChangeKind::kNew: return "new";
        case ChangeKind::kChanged: return "changed";
        case ChangeKind::kUnchanged: return "unchanged";
    }
    return "unchanged";
}

}  // namespace stocktake::engine
