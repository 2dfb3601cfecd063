// ImportFileView: the first import screen. How the chosen file reads (name, encoding,
// delimiter), which format it is and how sure, its first rows, a format override and, for a
// catalogue whose columns Stocktake cannot name, the column mapping.
// State: only caches derived from the wizard (column widths, combo labels), keyed by
// ImportWizard::revision; the choices themselves live in App's ImportWizard.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "views/view.h"
#include "widgets/widgets.h"

namespace stocktake::web {

class ImportFileView {
  public:
    void Draw(const ViewContext& ctx);

  private:
    void Recache(const ImportWizard& wizard);
    void DrawSummary(const ImportWizard& wizard);
    void DrawFormatChoice(const ViewContext& ctx);
    void DrawSampleRows(const ImportWizard& wizard);
    void DrawMapping(const ViewContext& ctx);
    int MappedColumnIndex(const ImportWizard& wizard, const std::string& field) const;

    uint64_t cached_revision_ = UINT64_MAX;
    int cached_glyphs_ = -1;         // glyphs in the font then: widths change when the atlas grows
    std::vector<float> column_ems_;  // sample column widths, in font sizes
    std::vector<std::string> column_labels_;   // header names; repeats get " (2)"
    std::vector<std::string> column_choices_;  // label + an example value, for the mapping
    std::string format_label_;                 // the chosen format as the combo shows it
    std::vector<std::string> format_items_;    // wizard.formats with confidence
    MissingGlyphs glyphs_;
};

}  // namespace stocktake::web
