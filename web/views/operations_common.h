// Pieces the operations screens share: the outcome line above a screen, a combo over a list
// of strings, numbers typed into a form, and money in 10^-4 units.
#pragma once

#include <string>
#include <vector>

#include "views/operations.h"
#include "widgets/widgets.h"

namespace stocktake::web {

// The last action's outcome (green, or red when it failed), wrapped; nothing when empty.
void DrawOutcome(const Outcome& outcome);
// An error line, wrapped; nothing when empty.
void DrawError(const std::string& error);

// A combo over `values`, each shown by labels[i] (or the value when labels is empty); true
// when the user picked another one (written to *value).
bool StringCombo(const char* label, const std::vector<std::string>& values,
                 const std::vector<std::string>& labels, std::string* value, float width);

// 10^-4 units (vendor prices, PO costs) -> "11.40" (to the cent; "11.4025" keeps all four).
const char* FormatE4Price(int64_t value, NumberBuffer& out);

// The seller-facing name of an order or PO status ("partially_received" -> "partly received").
const char* StatusName(const std::string& status);

// SameLine() when an item `width` wide still fits on the current line; otherwise the next
// item starts a new line (a phone). For a button, pass ButtonWidth(label).
void SameLineIfFits(float width);
float ButtonWidth(const char* label);

// Width for a form field: `ems` font sizes, no more than what is left on the line.
float FieldWidth(float ems);

}  // namespace stocktake::web
