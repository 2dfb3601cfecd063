// What every view gets: read-only state to draw from, and a queue to post intents to.
// Views hold UI state only (filters, sort, scroll); the engine is the source of truth.
// Views never change domain state while drawing: they post an Intent, and App applies it
// after the frame.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "stocktake/engine/engine.h"
#include "stocktake/engine/types.h"

namespace stocktake::web {

// --- Intents: requests from views, applied by App after the frame ---------------------
struct ChooseFileIntent {};           // open the browser's file chooser
struct DismissImportResultIntent {};  // hide the last import's report and notices
struct RequestGlyphsIntent {          // add these code points to the font atlas
    std::vector<uint32_t> codepoints;
};

using Intent = std::variant<ChooseFileIntent, DismissImportResultIntent, RequestGlyphsIntent>;

class IntentQueue {
  public:
    void Post(Intent intent) { items_.push_back(std::move(intent)); }
    std::vector<Intent> TakeAll() { return std::exchange(items_, {}); }

  private:
    std::vector<Intent> items_;
};

// --- State views draw from (owned by App) ---------------------------------------------
enum class ImportPhase { kIdle, kRunning, kSucceeded, kFailed };

struct ImportStatus {
    ImportPhase phase = ImportPhase::kIdle;
    std::string file_name;                       // the running or last file
    engine::ImportProgress progress;             // while running
    double elapsed_ms = 0;                       // running: so far; finished: total
    std::optional<engine::ImportReport> report;  // the last finished import of this visit
    std::string notice;                          // e.g. "an import is already running"
    bool notice_is_error = false;
};

struct ViewContext {
    const engine::Engine* engine = nullptr;             // null until the database is open
    const engine::Summary* summary = nullptr;           // cached for the current generation
    const engine::ImportReport* last_import = nullptr;  // newest in history, if any
    uint64_t generation = 0;
    const ImportStatus* import = nullptr;
    IntentQueue* intents = nullptr;
};

}  // namespace stocktake::web
