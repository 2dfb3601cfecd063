// Pieces the import screens share: colours, the rejected-rows table, a row of buttons that
// wraps on a narrow screen, and the seller-facing names of catalogue fields.
#pragma once

#include <string>
#include <vector>

#include "imgui.h"
#include "stocktake/engine/types.h"

namespace stocktake::web {

inline const ImVec4 kImportErrorColor(1.00f, 0.45f, 0.42f, 1.00f);
inline const ImVec4 kImportOkColor(0.45f, 0.85f, 0.50f, 1.00f);
inline const ImVec4 kImportWarnColor(1.00f, 0.80f, 0.40f, 1.00f);
inline const ImVec4 kImportAccentColor(0.55f, 0.75f, 1.00f, 1.00f);

// The rows an import rejected: line, column, value, problem; at most `visible_rows` tall,
// scrolling (and clipped) beyond.
void DrawRowErrors(const char* id, const std::vector<engine::RowError>& errors, int visible_rows);

// A table of figures, each a dimmed label over its value: six across on a wide screen, three
// per line on a phone (where six headers would be cut to "Dupli..."). Call FigureCell once
// per figure between BeginFigures (true: the table is open) and ImGui::EndTable().
bool BeginFigures(const char* id, int count);
// color applies when value_is_nonzero (e.g. failures in red).
void FigureCell(const char* label, const char* value, const ImVec4* color = nullptr,
                bool value_is_nonzero = true);

// Lays out buttons left to right, starting a new line when the next one would not fit.
// Height() tells a footer how much room to keep before any button is drawn.
class ButtonRow {
  public:
    explicit ButtonRow(std::vector<const char*> labels);
    float Height() const;
    // Draws the i-th button (in label order); true when clicked.
    bool Button(size_t i, bool enabled = true);
    // Screen centres of the buttons drawn so far, in drawing order (for the e2e test's
    // clicks).
    const std::vector<ImVec2>& centers() const { return centers_; }

  private:
    float ButtonWidth(size_t i) const;
    std::vector<const char*> labels_;
    std::vector<ImVec2> centers_;
};

// "gtin" -> "GTIN / barcode": the catalogue field as the seller knows it.
const char* FieldLabel(const std::string& field);

}  // namespace stocktake::web
