// ImportView: the "Choose file..." button, the progress bar of a running import and the
// report of the last one (counts, encoding, per-row errors).
#pragma once

#include <cstdint>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ImportView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void DrawProgress(const ImportStatus& import);
    void DrawReport(const ViewContext& ctx, const engine::ImportReport& report, double elapsed_ms);
    void DrawErrors(const engine::ImportReport& report);

    MissingGlyphs glyphs_;
    int64_t scanned_job_id_ = -1;  // report whose text was checked for missing glyphs
    const engine::ImportReport* scanned_report_ = nullptr;
};

}  // namespace stocktake::web
