// ImportDiffView: what an import would do, from its dry run. Counts (new, changed,
// unchanged, failed, duplicates, skipped), the changed records field by field, possible
// duplicates of existing products (suggestions only), file notes and rejected rows.
// State: the formatted change lines, rebuilt when ImportWizard::revision moves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ImportDiffView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    struct ChangeLine {
        std::string record;  // "listing", "product", "supplier price"
        std::string fields;  // "price: 12.00 → 13.50, quantity: 3 → 4"
    };

    void Recache(const ImportWizard& wizard);
    void DrawCounts(const engine::ImportReport& report);
    void DrawChanges(const engine::ImportReport& report);
    void DrawSuggestions(const engine::ImportReport& report);
    void DrawNotes(const engine::ImportReport& report);
    void DrawErrors(const ViewContext& ctx, const engine::ImportReport& report);

    uint64_t cached_revision_ = UINT64_MAX;
    int cached_glyphs_ = -1;  // glyphs in the font then: widths change when the atlas grows
    std::vector<ChangeLine> lines_;
    std::vector<std::string> suggestions_;
    float fields_ems_ = 0.0f;  // the longest field list, in font sizes
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
