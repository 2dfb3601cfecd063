// The table of import formats Stocktake recognises by their header row, and the header-name
// normalisation every comparison goes through. docs/FORMATS.md explains each entry and cites
// where its header comes from (mostly /work/shared/research/formats.md).
// Thread safety: the table is built once on first use (a function-local static) and is
// immutable afterwards; everything here is safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace stocktake::engine {

// How a documented column counts towards detection.
enum class ColumnRole {
    kRequired,  // needed to import the file; its absence caps the confidence
    kKnown,     // part of the documented header; its absence lowers the confidence
    kExtra,     // optional drift (B2B block, Markets columns, ...): recognised, never expected
};

struct ColumnDef {
    std::string field;  // canonical field bound when matched ("" = recognised but not bound)
    ColumnRole role = ColumnRole::kKnown;
    std::string display;  // the documented English header, for messages
    // Exact aliases, stored in NormalizeHeaderName form.
    std::vector<std::string> aliases;
    // Prefix patterns in LooseHeaderName form (each matches every column starting with it).
    // Only kExtra columns use them: a prefix may recognise several columns.
    std::vector<std::string> prefixes;
};

struct FormatDef {
    std::string id;            // stable snake_case id, stored with imports and mappings
    std::string display_name;  // for the seller
    std::vector<ColumnDef> columns;
    // Header names (NormalizeHeaderName form) whose presence is evidence against this format,
    // e.g. `status` for Active Listings (only All Listings has it).
    std::vector<std::string> contra;
    // Said with every candidate of this format (e.g. why Active and Inactive can tie).
    std::string note;
};

// Comparison key of a header cell: strips a UTF-8 BOM, trims ASCII/NBSP/ideographic spaces,
// folds ASCII to lower case, and removes spaces, underscores and hyphens altogether, so
// "seller-sku", "Seller SKU", "seller_sku" and "SellerSku" compare equal, and so do
// "EventType" and "Event Type" (ledger exports differ in exactly that way).
std::string NormalizeHeaderName(std::string_view raw);

// A gentler key for prefix patterns: same trimming and folding, but runs of whitespace
// become one space and punctuation stays, so "Order - *" only matches ShipStation's
// "Group - Field" names and "CD:*" only eBay's item-specific columns.
std::string LooseHeaderName(std::string_view raw);

// All formats recognised by header, in a fixed order (ties keep this order). The generic
// catalog is not here: it has no header of its own (see format_detect.h).
const std::vector<FormatDef>& KnownFormats();

// nullptr when no format has this id.
const FormatDef* FindFormat(std::string_view id);

}  // namespace stocktake::engine
