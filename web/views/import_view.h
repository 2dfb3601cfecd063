// ImportView: the import wizard's frame. Idle: the "Choose file..." button and the last
// import. With a file: its screen (ImportFileView, then ImportDiffView after "Preview
// changes"), the progress of a running dry run or import with Cancel, and the action
// buttons in a footer that stays in view. Done: the import's report, with the rejected rows
// as a CSV download.
#pragma once

#include <cstdint>
#include <vector>

#include "views/import_common.h"
#include "views/import_diff_view.h"
#include "views/import_file_view.h"
#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ImportView {
  public:
    void Draw(const ViewContext& ctx);
    // Where the last frame drew the footer's i-th button (screen pixels); false when it did
    // not. Lets the end-to-end test click a real button.
    bool FooterButtonCenter(size_t i, float* x, float* y) const;

  private:
    void DrawChooser(const ViewContext& ctx);
    void DrawNotice(const ImportWizard& wizard);
    void DrawScreen(const ViewContext& ctx);
    ButtonRow FooterButtons(const ImportWizard& wizard);
    void DrawFooter(const ViewContext& ctx, ButtonRow& row);
    void DrawProgress(const ViewContext& ctx);
    void DrawReport(const ViewContext& ctx, const engine::ImportReport& report, double elapsed_ms);

    ImportFileView file_view_;
    ImportDiffView diff_view_;
    char import_label_[64] = {};  // "Import 1,234 rows###import", rebuilt each frame
    std::vector<ImVec2> footer_centers_;
    MissingGlyphs glyphs_;
    uint64_t scanned_revision_ = UINT64_MAX;  // wizard revision whose report text was scanned
};

}  // namespace stocktake::web
